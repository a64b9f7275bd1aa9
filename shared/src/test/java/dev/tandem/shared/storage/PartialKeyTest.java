package dev.tandem.shared.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import dev.tandem.shared.record.GroupKey;
import dev.tandem.shared.window.Window;

/** The partial key and the results topic's record key, which compaction of that topic relies on. */
class PartialKeyTest {

    private static final Window W = new Window(Instant.parse("2026-11-25T10:15:00Z").toEpochMilli(),
            Instant.parse("2026-11-25T10:16:00Z").toEpochMilli());
    private static final GroupKey STORE = GroupKey.of(List.of("store-7"));

    @Test
    void aPartialsRecordKeyNamesPipelineWindowStartGroupAndPartition() {
        assertThat(new PartialKey(W, STORE, 2).recordKey("orders"))
                .isEqualTo("orders|2026-11-25T10:15:00Z|[\"store-7\"]|2");
    }

    @Test
    void aResultIsKeyedByItsPartialAndACompleteValueByAStar() {
        ResultRecord partial = new ResultRecord("orders", W, STORE, OptionalInt.of(2), ResultStatus.FINAL,
                JsonNodeFactory.instance.objectNode().put("orders", 3), Map.of(), List.of());
        ResultRecord complete = new ResultRecord("orders", W, STORE, OptionalInt.empty(), ResultStatus.CORRECTED,
                JsonNodeFactory.instance.objectNode().put("orders", 5), Map.of(), List.of());

        assertThat(partial.partialKey()).contains(new PartialKey(W, STORE, 2));
        assertThat(partial.key()).isEqualTo(new PartialKey(W, STORE, 2).recordKey("orders"));
        assertThat(complete.partialKey()).isEmpty();
        assertThat(complete.key()).isEqualTo("orders|2026-11-25T10:15:00Z|[\"store-7\"]|*");
    }

    @Test
    void partialsSortByWindowThenGroupThenPartition() {
        PartialKey a = new PartialKey(W, STORE, 3);
        PartialKey b = new PartialKey(W, GroupKey.of(List.of("store-8")), 1);
        PartialKey c = new PartialKey(new Window(W.endMs(), W.endMs() + 60_000), STORE, 0);

        assertThat(List.of(c, b, a).stream().sorted().toList()).containsExactly(a, b, c);
    }
}
