package dev.tandem.microbatch.drain;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.tandem.engine.drain.DrainSummary;
import dev.tandem.function.http.Problem;
import dev.tandem.shared.record.Json;
import io.quarkus.vertx.web.Route;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /drain}: drains the pipeline's partitions to their end offsets now and answers with
 * the {@link DrainSummary}; 409 with a problem body while a live consumer or another drain owns
 * them, 503 if Kafka or S3 fails (what was drained is checkpointed; call again).
 */
@ApplicationScoped
public class DrainRoute {

    /** May drain (the batch function's operator role). */
    public static final String OPERATOR = "tandem-operator";
    private static final Logger LOG = Logger.getLogger(DrainRoute.class);

    private final Drains drains;

    DrainRoute(Drains drains) {
        this.drains = drains;
    }

    @Route(path = "/drain", methods = Route.HttpMethod.POST, type = Route.HandlerType.BLOCKING)
    @RolesAllowed(OPERATOR)
    void drain(RoutingContext rc) {
        try {
            DrainSummary summary = drains.drain();
            rc.response().setStatusCode(200).putHeader("Content-Type", "application/json")
                    .end(Json.mapper().valueToTree(summary).toString());
        } catch (DrainConflictException e) {
            problem(rc, 409, "Conflict", e.getMessage());
        } catch (RuntimeException e) {
            LOG.warnf(e, "Drain failed; what it checkpointed stays, the next drain continues from there");
            problem(rc, 503, "Drain failed", "The drain stopped: " + e.getMessage()
                    + "; what it checkpointed stays, call again to continue");
        }
    }

    private static void problem(RoutingContext rc, int status, String title, String detail) {
        ObjectNode body = new Problem(status, title, detail, rc.request().path(), "").toJson();
        rc.response().setStatusCode(status).putHeader("Content-Type", Problem.CONTENT_TYPE).end(body.toString());
    }
}
