package dev.tandem.batch.http;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.tandem.batch.security.AuditLog;
import dev.tandem.function.http.Problem;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.quarkus.vertx.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Calls refused before an operation ran — no or an invalid token (401), a role that may not call it
 * (403), a method the path does not take (405): answered with a problem body saying why, and
 * written to the audit log as {@code denied},
 * like every other call. (A body over the 10 MB limit is refused with 413 by the HTTP server before
 * any route sees the request, so it is neither logged nor given a body.)
 */
@ApplicationScoped
public class DeniedCalls {

    private static final Logger LOG = Logger.getLogger(DeniedCalls.class);

    private final AuditLog audit;

    DeniedCalls(AuditLog audit) {
        this.audit = audit;
    }

    /** A method no route takes never reaches the routes' failure handlers: the router's 405 handler answers it. */
    void methodNotAllowed(@Observes Router router) {
        router.errorHandler(405, this::denied);
    }

    @Route(path = "/*", type = Route.HandlerType.FAILURE, order = 1)
    void denied(RoutingContext rc) {
        Throwable failure = rc.failure();
        int status = failure instanceof UnauthorizedException || failure instanceof AuthenticationFailedException ? 401
                : failure instanceof ForbiddenException ? 403 : rc.statusCode();
        String detail = switch (status) {
            case 401 -> "This call needs a valid bearer token (JWT) from the configured issuer";
            case 403 -> "The caller's roles do not allow " + rc.request().path() + "; starting or resuming runs needs"
                    + " role tandem-operator, reading a run's status tandem-operator or tandem-viewer";
            case 405 -> rc.request().method().name() + " is not accepted by " + rc.request().path()
                    + "; the batch functions take POST with a JSON body (GET only for /info and /q/*)";
            default -> null;
        };
        if (detail == null || rc.response().ended()) {
            rc.next();
            return;
        }
        String title = status == 401 ? "Unauthorized" : status == 403 ? "Forbidden" : "Method not allowed";
        ObjectNode problem = new Problem(status, title, detail, rc.request().path(), "").toJson();
        record(rc, status, detail);
        if (status == 401) {
            rc.response().putHeader("WWW-Authenticate", "Bearer");
        } else if (status == 405) {
            rc.response().putHeader("Allow", "POST");
        }
        rc.response().setStatusCode(status).putHeader("Content-Type", Problem.CONTENT_TYPE).end(problem.toString());
    }

    private void record(RoutingContext rc, int status, String detail) {
        SecurityIdentity identity = rc.user() instanceof QuarkusHttpUser user ? user.getSecurityIdentity() : null;
        String who = identity == null || identity.isAnonymous() ? "anonymous" : identity.getPrincipal().getName();
        Set<String> roles = identity == null ? Set.of() : Set.copyOf(identity.getRoles());
        ObjectNode outcome = dev.tandem.shared.record.Json.mapper().createObjectNode();
        outcome.put("status", status);
        outcome.put("error", detail);
        try {
            audit.append(new AuditLog.Entry(AuditLog.newInvocation(), "denied", who, roles,
                    rc.request().method().name() + " " + rc.request().path(), null, outcome));
        } catch (RuntimeException e) {
            LOG.errorf("Audit log unavailable for a denied %s: %s", rc.request().path(), e.getMessage());
        }
    }
}
