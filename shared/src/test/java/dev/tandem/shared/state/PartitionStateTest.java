package dev.tandem.shared.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.tandem.shared.definition.PipelineDefinition;
import dev.tandem.shared.record.AggregateInputs;
import dev.tandem.shared.record.Envelope;
import dev.tandem.shared.record.FieldPath;
import dev.tandem.shared.testing.OrderEvents;
import dev.tandem.shared.testing.Seeds;
import dev.tandem.shared.window.Window;

class PartitionStateTest {

    static final StateLayout LAYOUT = StateLayout.of(OrderEvents.ORDERS);

    static List<Long> seeds() {
        return Seeds.list(PartitionStateTest.class, 20);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void anyCutIntoBatchesWithSnapshotAndRestoreBetweenGivesTheBytesOfOneFold(long seed) {
        Random random = new Random(seed);
        List<Envelope> stream = OrderEvents.stream(random, 3, 3_000, 0.05, 0.03);

        PartitionState once = PartitionState.empty(LAYOUT, 3);
        FoldOutcome all = once.fold(stream, FoldMode.EXCLUDE_LATE);
        List<WindowResult> closedOnce = once.closeWindows();

        PartitionState state = PartitionState.empty(LAYOUT, 3);
        List<WindowResult> closedInBatches = new ArrayList<>();
        int duplicates = 0;
        List<Envelope> late = new ArrayList<>();
        int i = 0;
        while (i < stream.size()) {
            int n = 1 + random.nextInt(400);
            FoldOutcome o = state.fold(stream.subList(i, Math.min(stream.size(), i + n)), FoldMode.EXCLUDE_LATE);
            duplicates += o.duplicates();
            late.addAll(o.late());
            i += n;
            if (random.nextBoolean()) {
                closedInBatches.addAll(state.closeWindows());
            }
            state = PartitionState.restore(LAYOUT, state.snapshot());
        }
        closedInBatches.addAll(state.closeWindows());

        assertThat(state.snapshot()).isEqualTo(once.snapshot());
        assertThat(duplicates).isEqualTo(all.duplicates());
        assertThat(late).isEqualTo(all.late());
        assertThat(closedInBatches).isEqualTo(closedOnce);
        assertThat(all.duplicates()).as("the stream has duplicates").isPositive();
        assertThat(all.late()).as("the stream has late records").isNotEmpty();
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void theAggregatesInputsTakenAtDecodeFoldAsThePayloadDoes(long seed) {
        List<Envelope> stream = OrderEvents.stream(new Random(seed), 2, 3_000, 0.05, 0.03);
        assertThat(stream).allSatisfy(e -> assertThat(e.inputs()).as("taken by the decoder").isNotNull());
        // The same events without inputs, and with inputs of fields the pipeline does not aggregate
        // (which the fold must not use): the payload is read instead.
        List<Envelope> withoutInputs = new ArrayList<>();
        List<Envelope> withOthers = new ArrayList<>();
        for (Envelope e : stream) {
            withoutInputs.add(new Envelope(e.eventId(), e.eventTimeMs(), e.group(), e.source(), e.producedAtMs(),
                    e.schemaVersion(), e.traceparent(), e.payload()));
            JsonNode[] wrong = new JsonNode[e.inputs().values().length];
            java.util.Arrays.fill(wrong, e.payload().path("store"));
            List<FieldPath> others = java.util.Collections.nCopies(wrong.length, FieldPath.parse("store"));
            withOthers.add(new Envelope(e.eventId(), e.eventTimeMs(), e.group(), e.source(), e.producedAtMs(),
                    e.schemaVersion(), e.traceparent(), e.payload(), e.landed(), new AggregateInputs(others, wrong)));
        }
        byte[] expected = folded(withoutInputs);
        assertThat(folded(stream)).isEqualTo(expected);
        assertThat(folded(withOthers)).isEqualTo(expected);
    }

    private static byte[] folded(List<Envelope> stream) {
        PartitionState state = PartitionState.empty(LAYOUT, 2);
        state.fold(stream, FoldMode.EXCLUDE_LATE);
        return state.snapshot();
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void aSnapshotFollowedByEveryBatchsDeltaRestoresTheBytesOfTheLiveState(long seed) {
        Random random = new Random(seed);
        List<Envelope> stream = OrderEvents.stream(random, 1, 2_500, 0.05, 0.03);
        PartitionState live = PartitionState.empty(LAYOUT, 1);
        live.fold(stream.subList(0, 100), FoldMode.EXCLUDE_LATE);
        live.closeWindows();
        PartitionState restored = PartitionState.restore(LAYOUT, live.snapshot());
        live.markCheckpointed();
        int i = 100;
        while (i < stream.size()) {
            int n = 1 + random.nextInt(300);
            live.fold(stream.subList(i, Math.min(stream.size(), i + n)), FoldMode.EXCLUDE_LATE);
            if (random.nextBoolean()) {
                live.closeWindows();
            }
            if (random.nextInt(10) == 0) {
                live.advanceWatermarkTo(live.watermarkMs() + random.nextInt(60_000));
                live.closeWindows();
            }
            byte[] delta = live.delta();
            live.markCheckpointed();
            restored.applyDelta(delta);
            assertThat(restored.snapshot()).as("after the batch ending at %d", i + n).isEqualTo(live.snapshot());
            i += n;
        }
        assertThat(live.delta().length).as("an empty delta after a checkpoint").isLessThan(100);
    }

    @Test
    void aDeltaWrittenBeforeVarintTimesStillRestoresAndTheNewOneIsSmaller() throws Exception {
        // Written by the code of 2026-11-30 (fixed 8-byte times, "TPD2"): a base, the delta of the next batch, the result.
        byte[] base = resource("state/tpd2-base.snapshot");
        byte[] oldDelta = resource("state/tpd2.delta");
        PartitionState restored = PartitionState.restore(LAYOUT, base);

        restored.applyDelta(oldDelta);

        assertThat(restored.snapshot()).isEqualTo(resource("state/tpd2-after.snapshot"));
        // The same batch again, as a delta of this version: the same state, in fewer bytes.
        Random random = new Random(42);
        List<Envelope> stream = OrderEvents.stream(random, 1, 1_200, 0.05, 0.03);
        PartitionState live = PartitionState.restore(LAYOUT, base);
        live.fold(stream.subList(400, 1_200), FoldMode.EXCLUDE_LATE);
        live.closeWindows();
        byte[] delta = live.delta();
        PartitionState again = PartitionState.restore(LAYOUT, base);
        again.applyDelta(delta);
        assertThat(again.snapshot()).isEqualTo(resource("state/tpd2-after.snapshot"));
        // 33,444 → 29,089 bytes here (7 aggregates, Theta and DDSketch rows among them; ids are a smaller share).
        assertThat(delta.length).as("varint times: about 6 of every 24 bytes of an id saved")
                .isLessThan(oldDelta.length * 90 / 100);
    }

    private static byte[] resource(String name) throws java.io.IOException {
        try (java.io.InputStream in = PartitionStateTest.class.getClassLoader().getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void windowsTakenAsTheWatermarkPassesThemMergeIntoTheValuesOfOneFold(long seed) {
        // What a batch run does: fold in chunks, take the closed windows out after each, merge them.
        Random random = new Random(seed);
        List<Envelope> stream = OrderEvents.stream(random, 2, 3_000, 0.05, 0.03);
        PartitionState whole = PartitionState.empty(LAYOUT, 2);
        whole.fold(stream, FoldMode.INCLUDE_LATE);
        PartitionState chunked = PartitionState.empty(LAYOUT, 2);
        WindowAggregates taken = new WindowAggregates(LAYOUT.aggregation());
        int i = 0;
        while (i < stream.size()) {
            int n = 1 + random.nextInt(400);
            chunked.fold(stream.subList(i, Math.min(stream.size(), i + n)), FoldMode.INCLUDE_LATE);
            long watermark = chunked.watermarkMs();
            taken.merge(chunked.takeWindows(w -> w.isClosedAt(watermark)));
            i += n;
        }
        assertThat(taken.size()).as("windows were taken along the way").isPositive();
        taken.merge(chunked.takeWindows(w -> true));
        assertThat(chunked.openRows()).isZero();
        assertThat(taken.results()).isEqualTo(whole.takeWindows(w -> true).results());
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void partialsOfPartitionsMergeIntoTheAggregatesOfAllRecords(long seed) {
        Random random = new Random(seed);
        WindowAggregates merged = new WindowAggregates(LAYOUT.aggregation());
        WindowAggregates direct = new WindowAggregates(LAYOUT.aggregation());
        List<Integer> partitions = new ArrayList<>(List.of(0, 1, 2, 3));
        java.util.Collections.shuffle(partitions, random);
        for (int p : partitions) {
            List<Envelope> stream = OrderEvents.stream(random, p, 500, 0, 0);
            PartitionState state = PartitionState.empty(LAYOUT, p);
            state.fold(stream, FoldMode.INCLUDE_LATE);
            WindowAggregates partial = new WindowAggregates(LAYOUT.aggregation());
            for (WindowResult r : state.openResults()) {
                assertThat(r.sources()).containsOnlyKeys(p);
            }
            stream.forEach(e -> LAYOUT.window().windowsFor(e.eventTimeMs())
                    .forEach(w -> partial.add(w, e)));
            merged.merge(partial);
        }
        // The same records folded in one go, partitions interleaved.
        Random again = new Random(seed);
        List<Integer> order = new ArrayList<>(List.of(0, 1, 2, 3));
        java.util.Collections.shuffle(order, again);
        List<Envelope> all = new ArrayList<>();
        for (int p : order) {
            all.addAll(OrderEvents.stream(again, p, 500, 0, 0));
        }
        java.util.Collections.shuffle(all, again);
        all.forEach(e -> LAYOUT.window().windowsFor(e.eventTimeMs())
                .forEach(w -> direct.add(w, e)));

        assertThat(merged.results()).isEqualTo(direct.results());
    }

    @Test
    void shouldClassifyARecordLateWhenItsWindowClosedBeforeIt() {
        // orders: 60 s tumbling windows, 30 s lateness.
        Instant t0 = Instant.parse("2026-11-25T10:00:00Z");
        PartitionState state = PartitionState.empty(LAYOUT, 0);
        FoldOutcome first = state.fold(List.of(
                at(0, "a", t0.plusSeconds(10)),
                at(1, "b", t0.plusSeconds(89)),   // watermark 10:00:59 — window 10:00 still open
                at(2, "c", t0.plusSeconds(59)),   // on time: 10:00:59.999 > 10:00:59
                at(3, "d", t0.plusSeconds(91)),   // watermark 10:01:01 — window 10:00 closed
                at(4, "e", t0.plusSeconds(30))),  // late
                FoldMode.EXCLUDE_LATE);

        assertThat(first.late()).extracting(Envelope::eventId).containsExactly("e");
        assertThat(first.folded()).isEqualTo(5);
        List<WindowResult> closed = state.closeWindows();
        assertThat(closed).hasSize(1);
        assertThat(closed.get(0).window()).isEqualTo(new Window(t0.toEpochMilli(), t0.plusSeconds(60).toEpochMilli()));
        assertThat(closed.get(0).values().get("orders").asLong()).as("a and c; e was late").isEqualTo(2);
        assertThat(closed.get(0).sources().get(0)).isEqualTo(new SourceRanges.OffsetRange(0, 2));
        assertThat(state.openResults()).extracting(r -> r.window().start()).containsOnly(t0.plusSeconds(60));
    }

    @Test
    void shouldAddARecordLateForItsFirstHoppingWindowOnlyToTheWindowsStillOpen() {
        PipelineDefinition o = OrderEvents.ORDERS;
        PipelineDefinition hopping = new PipelineDefinition(o.name(), "", o.source(), o.schemas(), o.event(),
                o.groupBy(), dev.tandem.shared.window.WindowSpec.hopping(java.time.Duration.ofSeconds(60),
                        java.time.Duration.ofSeconds(30)),
                java.time.Duration.ZERO, o.dedupeHorizon(), o.idlePartitionTimeout(), o.aggregates(), o.rules(),
                o.pii(), o.retention(), o.freshness(), o.landingCodec());
        Instant t0 = Instant.parse("2026-11-25T10:00:00Z");
        PartitionState state = PartitionState.empty(StateLayout.of(hopping), 0);
        // After 10:01:05 the watermark (no lateness) closes [10:00:00, 10:01:00) but not [10:00:30, 10:01:30).
        FoldOutcome o1 = state.fold(List.of(at(0, "a", t0.plusSeconds(65)), at(1, "b", t0.plusSeconds(45))),
                FoldMode.EXCLUDE_LATE);

        assertThat(o1.late()).extracting(Envelope::eventId).containsExactly("b");
        assertThat(state.openResults()).extracting(r -> r.window().start() + "=" + r.values().get("orders"))
                .containsExactly(t0.plusSeconds(30) + "=2", t0.plusSeconds(60) + "=1");
    }

    @Test
    void shouldIncludeLateRecordsInBatchMode() {
        Instant t0 = Instant.parse("2026-11-25T10:00:00Z");
        PartitionState state = PartitionState.empty(LAYOUT, 0);
        FoldOutcome o = state.fold(List.of(at(0, "a", t0.plusSeconds(10)), at(1, "d", t0.plusSeconds(200)),
                at(2, "e", t0.plusSeconds(30))), FoldMode.INCLUDE_LATE);

        assertThat(o.late()).extracting(Envelope::eventId).containsExactly("e");
        WindowResult first = state.closeWindows().get(0);
        assertThat(first.values().get("orders").asLong()).isEqualTo(2);
    }

    @Test
    void shouldCountADuplicateOnceAndReportIt() {
        Instant t0 = Instant.parse("2026-11-25T10:00:00Z");
        PartitionState state = PartitionState.empty(LAYOUT, 0);
        FoldOutcome o = state.fold(List.of(at(0, "a", t0), at(1, "a", t0), at(2, "b", t0)), FoldMode.EXCLUDE_LATE);
        assertThat(o.duplicates()).isEqualTo(1);
        assertThat(state.openResults().get(0).values().get("orders").asLong()).isEqualTo(2);
    }

    @Test
    void shouldCloseWindowsOfAnIdlePartitionWhenItsWatermarkIsAdvanced() {
        Instant t0 = Instant.parse("2026-11-25T10:00:00Z");
        PartitionState state = PartitionState.empty(LAYOUT, 0);
        state.fold(List.of(at(0, "a", t0.plusSeconds(10))), FoldMode.EXCLUDE_LATE);
        assertThat(state.closeWindows()).isEmpty();
        state.advanceWatermarkTo(t0.plusSeconds(60).toEpochMilli());
        assertThat(state.closeWindows()).hasSize(1);
    }

    @Test
    void shouldRefuseASnapshotWrittenUnderAnotherLayout() {
        PipelineDefinition changed = new PipelineDefinition(OrderEvents.ORDERS.name(), "", OrderEvents.ORDERS.source(),
                OrderEvents.ORDERS.schemas(), OrderEvents.ORDERS.event(), OrderEvents.ORDERS.groupBy(),
                OrderEvents.ORDERS.window(), OrderEvents.ORDERS.allowedLateness().plusSeconds(1),
                OrderEvents.ORDERS.dedupeHorizon(), OrderEvents.ORDERS.idlePartitionTimeout(),
                OrderEvents.ORDERS.aggregates(), OrderEvents.ORDERS.rules(), OrderEvents.ORDERS.pii(),
                OrderEvents.ORDERS.retention(), OrderEvents.ORDERS.freshness(),
                OrderEvents.ORDERS.landingCodec());
        byte[] snapshot = PartitionState.empty(LAYOUT, 0).snapshot();

        assertThatThrownBy(() -> PartitionState.restore(StateLayout.of(changed), snapshot))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("written under state layout " + LAYOUT.fingerprint())
                .hasMessageContaining("recompute the affected range");
        assertThatThrownBy(() -> PartitionState.restore(LAYOUT, new byte[] {1, 2, 3}))
                .isInstanceOf(IllegalStateException.class);
    }

    static Envelope at(long offset, String id, Instant time) {
        return OrderEvents.envelope(0, offset, OrderEvents.order(id, time, "store-1", new BigDecimal("10.00"), "c1"));
    }
}
