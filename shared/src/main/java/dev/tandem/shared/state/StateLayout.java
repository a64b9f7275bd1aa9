package dev.tandem.shared.state;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;

import dev.tandem.shared.aggregate.AggregateSpec;
import dev.tandem.shared.aggregate.Aggregation;
import dev.tandem.shared.definition.PipelineDefinition;
import dev.tandem.shared.window.WindowSpec;

/**
 * The parts of a definition that shape state: windows, lateness, dedupe horizon, aggregates
 * and group-by fields. Its fingerprint is written into every snapshot, so a state is never
 * restored under a definition that would read it differently.
 *
 * @param window          the windows
 * @param allowedLateness the lateness behind a partition's newest event time
 * @param dedupeHorizon   how long ids are remembered behind the watermark
 * @param aggregation     the aggregates
 * @param fingerprint     SHA-256 (hex, 16 chars) of the above and the group-by fields
 */
public record StateLayout(WindowSpec window, Duration allowedLateness, Duration dedupeHorizon,
        Aggregation aggregation, String fingerprint) {

    public StateLayout {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(allowedLateness, "allowedLateness");
        Objects.requireNonNull(dedupeHorizon, "dedupeHorizon");
        Objects.requireNonNull(aggregation, "aggregation");
        Objects.requireNonNull(fingerprint, "fingerprint");
    }

    public static StateLayout of(PipelineDefinition d) {
        StringBuilder shape = new StringBuilder()
                .append("window=").append(d.window().sizeMs()).append('/').append(d.window().slideMs())
                .append(";lateness=").append(d.allowedLateness().toMillis())
                .append(";horizon=").append(d.dedupeHorizon().toMillis())
                .append(";groupBy=").append(d.groupBy());
        for (AggregateSpec a : d.aggregates()) {
            shape.append(";agg=").append(a.name()).append(':').append(a.function()).append(':')
                    .append(a.field().map(Object::toString).orElse("")).append(':').append(a.quantiles());
        }
        return new StateLayout(d.window(), d.allowedLateness(), d.dedupeHorizon(), Aggregation.of(d.aggregates()),
                sha256(shape.toString()));
    }

    long latenessMs() {
        return allowedLateness.toMillis();
    }

    private static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
