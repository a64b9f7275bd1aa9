package dev.tandem.batch.http;

import java.io.IOException;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.tandem.batch.config.BatchConfig;
import dev.tandem.engine.batch.TimeRange;
import dev.tandem.engine.batch.run.BatchRuns;
import dev.tandem.engine.batch.run.RunConflictException;
import dev.tandem.engine.batch.run.RunNotFoundException;
import dev.tandem.engine.batch.run.RunState;
import dev.tandem.engine.batch.run.RunStatus;
import dev.tandem.batch.security.AuditLog;
import dev.tandem.batch.security.Roles;
import dev.tandem.function.http.BadRequestException;
import dev.tandem.function.http.Problem;
import dev.tandem.function.http.RequestBody;
import dev.tandem.shared.record.Json;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.web.Route;
import io.vertx.ext.web.RoutingContext;

/**
 * The batch functions over HTTP: {@code POST /recompute}, {@code /replay}, {@code /reconcile},
 * {@code /compact}, {@code /retention}, {@code /backfill}, {@code /resume} (role {@value Roles#OPERATOR}) and
 * {@code /runStatus} (also {@value Roles#VIEWER}), JSON in and out.
 *
 * <p>They are Vert.x routes rather than Funqy functions for the same reason as the micro-batch
 * push trigger: Funqy answers a body it cannot bind with a bare 400 of its own, and every bad
 * request here must get an RFC 9457 problem naming the field. A run answers 200 with its status
 * when it succeeded, 202 when started with {@code "async": true} (poll {@code /runStatus}), and
 * 500 with the status inside the problem when it failed; nothing of a failed run is published.
 */
@ApplicationScoped
public class BatchRoutes {

    private static final Logger LOG = Logger.getLogger(BatchRoutes.class);
    private static final Set<String> RANGE = RequestBody.fields("pipeline", "from", "to", "async");

    private final BatchRuns runs;
    private final AuditLog audit;
    private final BatchConfig config;

    @Inject
    SecurityIdentity identity;

    BatchRoutes(BatchRuns runs, AuditLog audit, BatchConfig config) {
        this.runs = runs;
        this.audit = audit;
        this.config = config;
    }

    @Route(path = "/recompute", methods = Route.HttpMethod.POST, type = Route.HandlerType.BLOCKING)
    @RolesAllowed(Roles.OPERATOR)
    void recompute(RoutingContext rc) {
        rangeRun(rc, "recompute", runs::recompute);
    }

    @Route(path = "/reconcile", methods = Route.HttpMethod.POST, type = Route.HandlerType.BLOCKING)
    @RolesAllowed(Roles.OPERATOR)
    void reconcile(RoutingContext rc) {
        rangeRun(rc, "reconcile", runs::reconcile);
    }

    @Route(path = "/compact", methods = Route.HttpMethod.POST, type = Route.HandlerType.BLOCKING)
    @RolesAllowed(Roles.OPERATOR)
    void compact(RoutingContext rc) {
        rangeRun(rc, "compact", runs::compact);
    }

    /** The three functions that take {@code {pipeline, from, to, async}}. */
    private void rangeRun(RoutingContext rc, String what, RangeRun run) {
        handle(rc, what, RANGE, body -> {
            body.pipeline(pipeline());
            return run.start(body.range(config.batch().maxRange()), caller(), body.flag("async"));
        });
    }

    @FunctionalInterface
    private interface RangeRun {
        RunStatus start(TimeRange range, String caller, boolean async);
    }

    @Route(path = "/replay", methods = Route.HttpMethod.POST, type = Route.HandlerType.BLOCKING)
    @RolesAllowed(Roles.OPERATOR)
    void replay(RoutingContext rc) {
        handle(rc, "replay", RequestBody.fields("manifest", "async"),
                body -> runs.replay(body.manifestKey("manifest", pipeline()), caller(), body.flag("async")));
    }

    @Route(path = "/retention", methods = Route.HttpMethod.POST, type = Route.HandlerType.BLOCKING)
    @RolesAllowed(Roles.OPERATOR)
    void retention(RoutingContext rc) {
        handle(rc, "retention", RequestBody.fields("pipeline"), body -> {
            body.pipeline(pipeline());
            return runs.retention(caller());
        });
    }

    /** Lands the backfill cuts the live path left and corrects their windows; {@code {pipeline, async}}. */
    @Route(path = "/backfill", methods = Route.HttpMethod.POST, type = Route.HandlerType.BLOCKING)
    @RolesAllowed(Roles.OPERATOR)
    void backfill(RoutingContext rc) {
        handle(rc, "backfill", RequestBody.fields("pipeline", "async"), body -> {
            body.pipeline(pipeline());
            if (!runs.canBackfill()) {
                throw new BadRequestException(503, "", "this instance cannot backfill pipeline '" + pipeline()
                        + "': it masks PII with an HMAC and tandem.masking.key is not set here; give the batch"
                        + " function the micro-batch function's TANDEM_MASKING_KEY");
            }
            return runs.backfill(caller(), body.flag("async"));
        });
    }

    @Route(path = "/resume", methods = Route.HttpMethod.POST, type = Route.HandlerType.BLOCKING)
    @RolesAllowed(Roles.OPERATOR)
    void resume(RoutingContext rc) {
        handle(rc, "resume", RequestBody.fields("runId", "async"),
                body -> runs.resume(body.runId("runId"), caller(), body.flag("async")));
    }

    @Route(path = "/runStatus", methods = Route.HttpMethod.POST, type = Route.HandlerType.BLOCKING)
    @RolesAllowed({ Roles.OPERATOR, Roles.VIEWER })
    void runStatus(RoutingContext rc) {
        handle(rc, "runStatus", RequestBody.fields("runId"), body -> {
            String runId = body.runId("runId");
            return runs.status(runId).orElseThrow(() -> new RunNotFoundException("runId",
                    "no run " + runId + " of pipeline " + pipeline()));
        });
    }

    /** One call, with who made it: read while the request is active, since answering ends it. */
    private record Invocation(String id, String what, String who, Set<String> roles) {
    }

    private void handle(RoutingContext rc, String what, Set<String> fields, Function<RequestBody, RunStatus> action) {
        Invocation invocation = new Invocation(AuditLog.newInvocation(), what, caller(), Set.copyOf(identity.getRoles()));
        byte[] raw = rc.body() == null || rc.body().buffer() == null ? new byte[0] : rc.body().buffer().getBytes();
        try {
            audit.append(new AuditLog.Entry(invocation.id(), "requested", invocation.who(), invocation.roles(), what,
                    arguments(raw), null));
        } catch (RuntimeException e) {
            LOG.errorf("Audit log unavailable, %s refused: %s", what, e.getMessage());
            answer(rc, invocation, problem(rc, 503, "Audit log unavailable", "The invocation could not be"
                    + " recorded in the audit log (" + e.getMessage() + "); nothing was done, retry later", ""));
            return;
        }
        try {
            String contentType = rc.request().getHeader("Content-Type");
            if (contentType != null && !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
                throw new BadRequestException(415, "", "Content-Type '" + contentType
                        + "' is not accepted; send application/json");
            }
            RunStatus status = action.apply(RequestBody.parse(raw, fields));
            if (status.state() == RunState.FAILED && !what.equals("runStatus")) {
                ObjectNode p = problem(rc, 500, "Run failed", "Run " + status.runId() + " failed: " + status.error()
                        + "; nothing was published. Resume it with POST /resume {\"runId\": \"" + status.runId()
                        + "\"}", "");
                p.set("run", Json.mapper().valueToTree(status));
                answer(rc, invocation, p);
                return;
            }
            int code = status.state() == RunState.RUNNING && !what.equals("runStatus") ? 202 : 200;
            ObjectNode body = Json.mapper().valueToTree(status);
            rc.response().setStatusCode(code).putHeader("Content-Type", "application/json").end(body.toString());
            outcome(invocation, code, status);
        } catch (BadRequestException e) {
            answer(rc, invocation, problem(rc, e.status(), e.status() == 415 ? "Unsupported media type"
                    : e.status() == 404 ? "Not found" : e.status() == 503 ? "Unavailable" : "Bad request",
                    e.getMessage(), e.field()));
        } catch (RunNotFoundException e) {
            answer(rc, invocation, problem(rc, 404, "Not found", e.getMessage(), e.field()));
        } catch (RunConflictException e) {
            answer(rc, invocation, problem(rc, 409, "Conflict", e.getMessage(), ""));
        } catch (RuntimeException e) {
            LOG.errorf(e, "%s failed", what);
            answer(rc, invocation, problem(rc, 500, "Internal error", e.getClass().getSimpleName() + ": "
                    + e.getMessage(), ""));
        }
    }

    private static ObjectNode problem(RoutingContext rc, int status, String title, String detail, String field) {
        return new Problem(status, title, detail, rc.request().path(), field).toJson();
    }

    private void answer(RoutingContext rc, Invocation invocation, ObjectNode problem) {
        int status = problem.get("status").asInt();
        rc.response().setStatusCode(status).putHeader("Content-Type", Problem.CONTENT_TYPE).end(problem.toString());
        ObjectNode outcome = Json.mapper().createObjectNode();
        outcome.put("status", status);
        outcome.put("error", problem.path("detail").asText());
        recordOutcome(invocation, outcome);
    }

    private void outcome(Invocation invocation, int code, RunStatus status) {
        ObjectNode outcome = Json.mapper().createObjectNode();
        outcome.put("status", code);
        outcome.put("runId", status.runId());
        outcome.put("state", status.state().name());
        recordOutcome(invocation, outcome);
    }

    /** After answering: a lost outcome entry is logged, the answer already stands. */
    private void recordOutcome(Invocation invocation, ObjectNode outcome) {
        try {
            audit.append(new AuditLog.Entry(invocation.id(), "outcome", invocation.who(), invocation.roles(),
                    invocation.what(), null, outcome));
        } catch (RuntimeException e) {
            LOG.errorf("Audit log unavailable for the outcome of %s %s: %s", invocation.what(), invocation.id(),
                    e.getMessage());
        }
    }

    private static JsonNode arguments(byte[] raw) {
        if (raw.length == 0) {
            return null;
        }
        try {
            return Json.mapper().readTree(raw);
        } catch (IOException e) {
            // Kept as sent (capped): the log shows what a malformed request was.
            String text = new String(raw, java.nio.charset.StandardCharsets.UTF_8);
            return Json.mapper().getNodeFactory().textNode(text.length() > 2000 ? text.substring(0, 2000) : text);
        }
    }

    private String caller() {
        return identity.isAnonymous() ? "anonymous" : identity.getPrincipal().getName();
    }

    private String pipeline() {
        return runs.definition().name();
    }
}
