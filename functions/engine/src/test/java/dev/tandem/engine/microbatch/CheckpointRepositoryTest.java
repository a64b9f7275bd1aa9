package dev.tandem.engine.microbatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.tandem.engine.testing.InMemoryObjectStore;
import dev.tandem.engine.testing.Orders;
import dev.tandem.shared.decode.Decoded;
import dev.tandem.shared.record.Envelope;
import dev.tandem.shared.state.FoldMode;
import dev.tandem.shared.state.PartitionState;
import dev.tandem.shared.state.StateLayout;
import dev.tandem.shared.storage.Checkpoint;
import dev.tandem.shared.storage.CheckpointDelta;

/** Full checkpoints, the chain of deltas after them, pruning and the layout check. */
class CheckpointRepositoryTest {

    private static final StateLayout LAYOUT = StateLayout.of(Orders.PIPELINE);
    private static final List<Envelope> EVENTS = Orders.stream(3, 0, 0, 1_200, 100, 0.01, 0.0, 0.0).stream()
            .map(Orders.decoder()::decode).filter(Decoded.Valid.class::isInstance)
            .map(d -> ((Decoded.Valid) d).envelope()).toList();

    private final InMemoryObjectStore store = new InMemoryObjectStore();
    private final CheckpointRepository repository = new CheckpointRepository(store, "orders", "orders");

    @Test
    void aPartitionWithoutCheckpointsRestoresNothing() {
        assertThat(repository.restore(0, LAYOUT)).isEmpty();
        assertThat(repository.latest(0)).isEmpty();
    }

    @Test
    void restoresTheNewestFullCheckpointPlusItsChainOfDeltas() {
        PartitionState state = PartitionState.empty(LAYOUT, 0);
        state.fold(EVENTS.subList(0, 400), FoldMode.EXCLUDE_LATE);
        repository.save(full(state, 400));
        state.markCheckpointed();
        state.fold(EVENTS.subList(400, 800), FoldMode.EXCLUDE_LATE);
        repository.save(delta(state, 400, 800));
        state.markCheckpointed();
        state.fold(EVENTS.subList(800, 1_000), FoldMode.EXCLUDE_LATE);
        repository.save(delta(state, 800, 1_000));
        state.markCheckpointed();

        CheckpointRepository.Restored restored = repository.restore(0, LAYOUT).orElseThrow();

        assertThat(restored.nextOffset()).isEqualTo(1_000);
        assertThat(restored.deltasApplied()).isEqualTo(2);
        assertThat(restored.state().snapshot()).isEqualTo(state.snapshot());
        assertThat(repository.latest(0)).get().extracting(Checkpoint::nextOffset).isEqualTo(400L);
    }

    @Test
    void ofTwoDeltasFromTheSameOffsetTheOneReachingFurtherIsTaken() {
        PartitionState state = PartitionState.empty(LAYOUT, 0);
        state.fold(EVENTS.subList(0, 400), FoldMode.EXCLUDE_LATE);
        repository.save(full(state, 400));
        state.markCheckpointed();
        PartitionState shortRetry = PartitionState.restore(LAYOUT, state.snapshot());
        shortRetry.fold(EVENTS.subList(400, 500), FoldMode.EXCLUDE_LATE);
        repository.save(delta(shortRetry, 400, 500));
        state.fold(EVENTS.subList(400, 900), FoldMode.EXCLUDE_LATE);
        repository.save(delta(state, 400, 900));

        CheckpointRepository.Restored restored = repository.restore(0, LAYOUT).orElseThrow();

        assertThat(restored.nextOffset()).isEqualTo(900);
        assertThat(restored.state().snapshot()).isEqualTo(state.snapshot());
    }

    @Test
    void pruningKeepsTheNewestFullCheckpointsAndTheDeltasAfterThem() {
        PartitionState state = PartitionState.empty(LAYOUT, 0);
        for (int i = 1; i <= 4; i++) {
            state.fold(EVENTS.subList((i - 1) * 200, i * 200 - 100), FoldMode.EXCLUDE_LATE);
            repository.save(full(state, i * 200L - 100));
            state.markCheckpointed();
            state.fold(EVENTS.subList(i * 200 - 100, i * 200), FoldMode.EXCLUDE_LATE);
            repository.save(delta(state, i * 200L - 100, i * 200L));
            state.markCheckpointed();
        }

        int deleted = repository.prune(0, 2);

        List<String> left = store.keys(Checkpoint.prefix("orders", "orders", 0));
        assertThat(deleted).isEqualTo(4);
        assertThat(left).hasSize(4).filteredOn(k -> k.endsWith(".ckpt")).hasSize(2);
        assertThat(repository.restore(0, LAYOUT).orElseThrow().nextOffset()).isEqualTo(800);
    }

    @Test
    void aCheckpointOfAnotherStateLayoutIsRefusedSayingWhatToDo() {
        store.put(new Checkpoint("orders", "orders", 0, 10, "another-layout", PartitionState.empty(LAYOUT, 0)
                .snapshot()).key(), new Checkpoint("orders", "orders", 0, 10, "another-layout",
                        PartitionState.empty(LAYOUT, 0).snapshot()).toBytes(), java.util.Map.of());

        assertThatThrownBy(() -> repository.restore(0, LAYOUT)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("another-layout").hasMessageContaining("pipeline 'orders'")
                .hasMessageContaining("recompute").hasMessageContaining("checkpoints/orders/orders-<partition>/");
    }

    private static Checkpoint full(PartitionState state, long next) {
        return new Checkpoint("orders", "orders", 0, next, LAYOUT.fingerprint(), state.snapshot());
    }

    private static CheckpointDelta delta(PartitionState state, long base, long next) {
        return new CheckpointDelta("orders", "orders", 0, base, next, LAYOUT.fingerprint(), state.delta());
    }
}
