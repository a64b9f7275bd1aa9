package dev.tandem.shared.definition;

import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tandem.shared.spec.SpecReader;

/** The {@code landing} section: how raw segments are compressed. */
final class LandingSection {

    static final SegmentCodec DEFAULT_CODEC = SegmentCodec.GZIP;

    private LandingSection() {
    }

    static SegmentCodec codec(SpecReader r, JsonNode root) {
        JsonNode node = r.object(root, "", "landing", false, "{codec: gzip}").orElse(null);
        if (node == null) {
            return DEFAULT_CODEC;
        }
        r.rejectUnknownKeys(node, "landing", Set.of("codec"));
        String label = r.text(node, "landing", "codec", false, "gzip").orElse(null);
        if (label == null) {
            return DEFAULT_CODEC;
        }
        SegmentCodec codec = SegmentCodec.ofLabel(label).orElse(null);
        if (codec == null) {
            r.problem("landing.codec", "'" + label + "' is not a segment codec",
                    "use gzip (every tool reads it) or zstd (faster, smaller; zstdcat, DuckDB, Spark, Trino)");
            return DEFAULT_CODEC;
        }
        codec.unavailable().ifPresent(why -> r.problem("landing.codec", "'" + label + "' cannot run here: " + why,
                "use gzip, or run the JVM functions on Linux, macOS or Windows (x86-64 or ARM)"));
        return codec;
    }
}
