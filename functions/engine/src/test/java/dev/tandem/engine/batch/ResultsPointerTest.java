package dev.tandem.engine.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.tandem.shared.record.Json;

/** The pointer's bytes are a format readers depend on: the same as the hand-built JSON they replaced. */
class ResultsPointerTest {

    private static final Instant FROM = Instant.parse("2026-11-25T10:00:00Z");
    private static final Instant TO = Instant.parse("2026-11-25T11:00:00Z");

    @Test
    void writesTheFieldsInTheirDocumentedOrderAsText() throws Exception {
        ResultsPointer p = new ResultsPointer("orders", FROM, TO, "recompute-1", "runs/orders/recompute-1/manifest.json",
                42, Instant.parse("2026-11-25T12:00:01.5Z"), List.of("a", "b"));

        ObjectNode legacy = Json.mapper().createObjectNode();
        legacy.put("pipeline", "orders");
        legacy.put("from", FROM.toString());
        legacy.put("to", TO.toString());
        legacy.put("runId", "recompute-1");
        legacy.put("manifest", "runs/orders/recompute-1/manifest.json");
        legacy.put("windows", 42);
        legacy.put("publishedAt", "2026-11-25T12:00:01.500Z");
        legacy.putArray("objects").add("a").add("b");

        assertThat(new String(p.toJson())).isEqualTo(new String(Json.mapper().writerWithDefaultPrettyPrinter()
                .writeValueAsBytes(legacy)));
        assertThat(ResultsPointer.parse(p.toJson())).isEqualTo(p);
        assertThat(p.range()).isEqualTo(new TimeRange(FROM, TO));
    }

    @Test
    void somethingElseIsNotAPointer() {
        assertThatThrownBy(() -> ResultsPointer.parse("{\"from\":\"x\"}".getBytes()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ResultsPointer.parse("{}".getBytes())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("runId");
    }
}
