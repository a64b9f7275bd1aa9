package dev.tandem.batch.http;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tandem.batch.config.BatchConfig;
import dev.tandem.function.http.FunctionInfo;
import dev.tandem.shared.record.Json;
import io.quarkus.vertx.web.Route;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET} or {@code POST /info}: lets a deployment check which function and bucket answer at a
 * URL. It takes no input: whatever body comes is ignored.
 */
@ApplicationScoped
public class InfoFunction {

    private final String name;
    private final String version;
    private final BatchConfig config;

    InfoFunction(@ConfigProperty(name = "quarkus.application.name") String name,
            @ConfigProperty(name = "quarkus.application.version") String version, BatchConfig config) {
        this.name = name;
        this.version = version;
        this.config = config;
    }

    public FunctionInfo info() {
        return new FunctionInfo(name, "batch", version, config.s3().bucket());
    }

    @Route(path = "/info", methods = { Route.HttpMethod.GET, Route.HttpMethod.POST })
    void answer(RoutingContext rc) {
        rc.response().putHeader("Content-Type", "application/json").end(Json.mapper().valueToTree(info()).toString());
    }
}
