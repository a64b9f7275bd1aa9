package dev.tandem.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import dev.tandem.shared.record.Envelope;
import dev.tandem.shared.state.FoldMode;
import dev.tandem.shared.state.PartitionState;
import dev.tandem.shared.state.StateLayout;

/** Snapshot and restore of a partition state holding {@value #ROWS} open (window, group) rows. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class SnapshotBenchmarks {

    static final int ROWS = 10_000;

    @State(Scope.Benchmark)
    public static class OpenState {
        StateLayout layout;
        PartitionState state;
        byte[] snapshot;

        @Setup(Level.Trial)
        public void setUp() {
            layout = StateLayout.of(BenchData.ORDERS);
            state = tenThousandOpenRows(layout);
            snapshot = state.snapshot();
        }
    }

    /**
     * 10 one-minute windows × 1000 stores, about 6 events per row. Folded with late records
     * included and never closed, so every row stays in the state as an open row would.
     */
    static PartitionState tenThousandOpenRows(StateLayout layout) {
        List<Envelope> all = BenchData.envelopes(BenchData.raw(60_000, 7));
        PartitionState state = PartitionState.empty(layout, 0);
        List<Envelope> retimed = new ArrayList<>(all.size());
        for (int i = 0; i < all.size(); i++) {
            Envelope e = all.get(i);
            long t = BenchData.BASE + (i % 10) * 60_000L;
            retimed.add(new Envelope(e.eventId(), t, e.group(), e.source(), e.producedAtMs(), e.schemaVersion(),
                    e.traceparent(), e.payload()));
        }
        state.fold(retimed, FoldMode.INCLUDE_LATE);
        if (state.openRows() < ROWS * 0.95) {
            throw new IllegalStateException("Expected about " + ROWS + " rows, built " + state.openRows());
        }
        return state;
    }

    @Benchmark
    public byte[] snapshot(OpenState s) {
        return s.state.snapshot();
    }

    @Benchmark
    public PartitionState restore(OpenState s) {
        return PartitionState.restore(s.layout, s.snapshot);
    }
}
