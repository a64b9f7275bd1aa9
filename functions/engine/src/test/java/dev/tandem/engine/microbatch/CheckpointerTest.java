package dev.tandem.engine.microbatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.tandem.engine.testing.InMemoryObjectStore;
import dev.tandem.engine.testing.Orders;
import dev.tandem.shared.decode.Decoded;
import dev.tandem.shared.record.Envelope;
import dev.tandem.shared.state.FoldMode;
import dev.tandem.shared.storage.Checkpoint;

/** The full/delta policy: a full checkpoint first, then deltas, a full one after every {@code deltasPerFull}. */
class CheckpointerTest {

    private static final List<Envelope> EVENTS = Orders.stream(4, 0, 0, 1_000, 100, 0.0, 0.0, 0.0).stream()
            .map(Orders.decoder()::decode).map(d -> ((Decoded.Valid) d).envelope()).toList();

    @Test
    void aFullCheckpointFirstThenDeltasThenFullAgainAndOlderOnesPruned() {
        InMemoryObjectStore store = new InMemoryObjectStore();
        Checkpointer checkpointer = new Checkpointer(Orders.PIPELINE, store,
                new MicroBatchSettings(false, 1, Duration.ofSeconds(1), 2), MicroBatchMetrics.NONE);
        OwnedPartition p = new OwnedPartition(0, checkpointer.emptyState(0), 0, 0);
        String prefix = Checkpoint.prefix("orders", "orders", 0);

        List<String> kinds = new java.util.ArrayList<>();
        for (int batch = 0; batch < 7; batch++) {
            p.state.fold(EVENTS.subList(batch * 100, batch * 100 + 100), FoldMode.EXCLUDE_LATE);
            long next = batch * 100L + 100;
            checkpointer.afterBatch(p, next);
            p.nextOffset = next;
            // What was written: the full checkpoint's key ends in <next>.ckpt, a delta's does not.
            kinds.add(store.get(prefix + String.format("%020d.ckpt", next)).isPresent() ? "full" : "delta");
        }

        assertThat(kinds).containsExactly("full", "delta", "delta", "full", "delta", "delta", "full");
        // One full checkpoint kept, and no delta before it.
        assertThat(store.keys(prefix)).singleElement().satisfies(k -> assertThat(k).endsWith("700.ckpt"));

        OwnedPartition restored = new OwnedPartition(0, checkpointer.emptyState(0), 0, 0);
        checkpointer.restore(restored);
        assertThat(restored.nextOffset).isEqualTo(700);
        assertThat(restored.state.snapshot()).isEqualTo(p.state.snapshot());
        assertThat(restored.hasFull).isTrue();
        assertThat(restored.deltasSinceFull).isZero();
    }

    @Test
    void restoringDeltasContinuesTheCadenceWhereItStopped() {
        InMemoryObjectStore store = new InMemoryObjectStore();
        Checkpointer checkpointer = new Checkpointer(Orders.PIPELINE, store,
                new MicroBatchSettings(false, 3, Duration.ofSeconds(1), 5), MicroBatchMetrics.NONE);
        OwnedPartition p = new OwnedPartition(0, checkpointer.emptyState(0), 0, 0);
        for (int batch = 0; batch < 3; batch++) {
            p.state.fold(EVENTS.subList(batch * 100, batch * 100 + 100), FoldMode.EXCLUDE_LATE);
            checkpointer.afterBatch(p, batch * 100L + 100);
            p.nextOffset = batch * 100L + 100;
        }

        OwnedPartition restored = new OwnedPartition(0, checkpointer.emptyState(0), 0, 0);
        checkpointer.restore(restored);

        assertThat(restored.deltasSinceFull).isEqualTo(2);
        assertThat(restored.nextOffset).isEqualTo(300);
        assertThat(restored.state.snapshot()).isEqualTo(p.state.snapshot());
    }
}
