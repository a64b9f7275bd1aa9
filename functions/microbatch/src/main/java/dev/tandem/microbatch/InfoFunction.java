package dev.tandem.microbatch;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.tandem.engine.drain.Rhythm;
import dev.tandem.microbatch.config.TandemConfig;
import dev.tandem.microbatch.drain.RhythmChoice;
import dev.tandem.shared.definition.PipelineDefinition;
import dev.tandem.function.http.FunctionInfo;
import dev.tandem.shared.record.Json;
import io.quarkus.vertx.web.Route;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET} or {@code POST /info}: lets a deployment check which function and bucket answer at a
 * URL, and how it runs its pipeline. It takes no input: whatever body comes is ignored.
 */
@jakarta.enterprise.context.ApplicationScoped
public class InfoFunction {

    private final String name;
    private final String version;
    private final TandemConfig config;
    private final PipelineDefinition definition;
    private final RhythmChoice rhythm;

    InfoFunction(@ConfigProperty(name = "quarkus.application.name") String name,
            @ConfigProperty(name = "quarkus.application.version") String version, TandemConfig config,
            PipelineDefinition definition, RhythmChoice rhythm) {
        this.name = name;
        this.version = version;
        this.config = config;
        this.definition = definition;
        this.rhythm = rhythm;
    }

    /**
     * What answers here ({@link FunctionInfo}'s fields) and how it runs its pipeline.
     *
     * @param function   the function's name, as deployed
     * @param rhythm     {@code micro-batch}
     * @param version    the build's version
     * @param bucket     the S3 bucket it writes to
     * @param pipeline   the pipeline's name
     * @param schedule   {@code continuous} (pull consumer, paced micro-batches) or {@code drain} (drains on a cadence)
     * @param drainEvery the drain cadence (ISO-8601), empty when continuous
     * @param why        why the pipeline's freshness latency picked this schedule
     */
    public record MicroBatchInfo(String function, String rhythm, String version, String bucket, String pipeline,
            String schedule, String drainEvery, String why) {
    }

    @Route(path = "/info", methods = { Route.HttpMethod.GET, Route.HttpMethod.POST })
    void answer(RoutingContext rc) {
        rc.response().putHeader("Content-Type", "application/json").end(Json.mapper().valueToTree(info()).toString());
    }

    public MicroBatchInfo info() {
        Rhythm r = rhythm.rhythm();
        FunctionInfo f = new FunctionInfo(name, "micro-batch", version, config.s3().bucket());
        return new MicroBatchInfo(f.function(), f.rhythm(), f.version(), f.bucket(), definition.name(),
                r.mode().name().toLowerCase(java.util.Locale.ROOT), r.mode() == Rhythm.Mode.DRAIN ? r.every().toString() : "",
                r.reason());
    }
}
