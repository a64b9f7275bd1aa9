package dev.tandem.engine.microbatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

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
import dev.tandem.shared.storage.ObjectStore.ObjectStoreException;

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
    void aLongChainIsReadAheadSeveralAtOnceEachObjectOnceAndRestoresTheSameState() {
        List<byte[]> snapshots = longChain(3 * ReadAhead.AHEAD);
        List<String> reads = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        // The first two reads wait for each other: one read at a time would hold the first for 10 s
        // and see one in flight at most.
        CountDownLatch twoAtOnce = new CountDownLatch(2);
        store.beforeReads(key -> {
            reads.add(key);
            most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            twoAtOnce.countDown();
            try {
                twoAtOnce.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            inFlight.decrementAndGet();
        });

        CheckpointRepository.Restored restored = repository.restore(0, LAYOUT).orElseThrow();

        assertThat(restored.deltasApplied()).isEqualTo(3 * ReadAhead.AHEAD);
        assertThat(restored.nextOffset()).isEqualTo(100 + 3 * ReadAhead.AHEAD * 30L);
        assertThat(restored.state().snapshot()).isEqualTo(snapshots.get(snapshots.size() - 1));
        assertThat(reads).as("every object of the chain read once").hasSize(1 + 3 * ReadAhead.AHEAD)
                .doesNotHaveDuplicates();
        assertThat(most.get()).as("reads in flight at once").isBetween(2, ReadAhead.AHEAD);
    }

    @Test
    void aReadThatFailsAheadFailsTheRestoreWithItsOwnException() {
        longChain(2 * ReadAhead.AHEAD);
        String fifth = deltaKeys().get(4);
        store.beforeReads(key -> {
            if (key.equals(fifth)) {
                throw new ObjectStoreException("GET s3://" + store.bucket() + "/" + key + " failed (injected)", null);
            }
        });

        assertThatThrownBy(() -> repository.restore(0, LAYOUT)).isInstanceOf(ObjectStoreException.class)
                .hasMessageContaining(fifth);
    }

    @Test
    void aDeltaGoneBeforeItIsReadEndsTheChainThereAsWithoutReadingAhead() {
        List<byte[]> snapshots = longChain(2 * ReadAhead.AHEAD);
        String fifth = deltaKeys().get(4);
        store.beforeReads(key -> {
            if (key.equals(fifth)) {
                store.delete(List.of(key));
            }
        });

        CheckpointRepository.Restored restored = repository.restore(0, LAYOUT).orElseThrow();

        assertThat(restored.deltasApplied()).isEqualTo(4);
        assertThat(restored.nextOffset()).isEqualTo(100 + 4 * 30L);
        assertThat(restored.state().snapshot()).isEqualTo(snapshots.get(4));
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

    /**
     * A full checkpoint at offset 100 and {@code deltas} deltas of 30 records after it; the states'
     * snapshots after the full checkpoint and after each delta.
     */
    private List<byte[]> longChain(int deltas) {
        List<byte[]> snapshots = new ArrayList<>();
        PartitionState state = PartitionState.empty(LAYOUT, 0);
        state.fold(EVENTS.subList(0, 100), FoldMode.EXCLUDE_LATE);
        repository.save(full(state, 100));
        state.markCheckpointed();
        snapshots.add(state.snapshot());
        for (int i = 0; i < deltas; i++) {
            int from = 100 + i * 30;
            state.fold(EVENTS.subList(from, from + 30), FoldMode.EXCLUDE_LATE);
            repository.save(delta(state, from, from + 30));
            state.markCheckpointed();
            snapshots.add(state.snapshot());
        }
        return snapshots;
    }

    private List<String> deltaKeys() {
        return store.keys(Checkpoint.prefix("orders", "orders", 0)).stream().filter(k -> k.endsWith(".delta")).sorted()
                .toList();
    }

    private static Checkpoint full(PartitionState state, long next) {
        return new Checkpoint("orders", "orders", 0, next, LAYOUT.fingerprint(), state.snapshot());
    }

    private static CheckpointDelta delta(PartitionState state, long base, long next) {
        return new CheckpointDelta("orders", "orders", 0, base, next, LAYOUT.fingerprint(), state.delta());
    }
}
