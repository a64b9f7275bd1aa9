package dev.tandem.engine.microbatch;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;

import dev.tandem.engine.io.RecordSink;
import dev.tandem.engine.io.RecordSink.Outgoing;
import dev.tandem.shared.definition.PipelineDefinition;
import dev.tandem.shared.record.Envelope;
import dev.tandem.shared.state.StateLayout;
import dev.tandem.shared.state.WindowResult;
import dev.tandem.shared.storage.ResultRecord;
import dev.tandem.shared.storage.ResultStatus;
import dev.tandem.shared.window.Window;

/**
 * Step 4: results to the results topic — FINAL partials of the windows that closed (marked pending
 * backfill where records of one of the partition's backfill cuts may belong), PROVISIONAL ones
 * of the open windows a batch added to when configured — and wait until the broker has them and
 * the batch's dead letters, so nothing is checkpointed that is not durable.
 */
final class Emission {

    private final PipelineDefinition definition;
    private final StateLayout layout;
    private final RecordSink sink;
    private final long timeoutMs;

    Emission(PipelineDefinition definition, StateLayout layout, RecordSink sink, long timeoutMs) {
        this.definition = definition;
        this.layout = layout;
        this.sink = sink;
        this.timeoutMs = timeoutMs;
    }

    /** Sends the results and waits for them and for {@code alsoAwait} (the batch's dead letters). */
    void emit(OwnedPartition p, List<WindowResult> closed, List<WindowResult> open, RecordSink.Pending alsoAwait) {
        List<Outgoing> results = new ArrayList<>(closed.size() + open.size());
        closed.forEach(w -> results.add(result(p.partition, w, ResultStatus.FINAL,
                BackfillCuts.pendingBackfill(p, w.window(), definition))));
        open.forEach(w -> results.add(result(p.partition, w, ResultStatus.PROVISIONAL, false)));
        RecordSink.Pending emitted = sink.send(results);
        alsoAwait.await(timeoutMs);
        emitted.await(timeoutMs);
    }

    /** The open windows a batch added to, for PROVISIONAL results. */
    List<WindowResult> touched(List<WindowResult> open, List<Envelope> batch) {
        Set<String> keys = new HashSet<>();
        for (Envelope e : batch) {
            for (Window w : layout.window().windowsFor(e.eventTimeMs())) {
                keys.add(w.startMs() + "|" + e.group());
            }
        }
        return open.stream().filter(r -> keys.contains(r.window().startMs() + "|" + r.group())).toList();
    }

    private Outgoing result(int partition, WindowResult w, ResultStatus status, boolean pendingBackfill) {
        return Outgoing.result(definition.resultsTopic(), new ResultRecord(definition.name(), w.window(), w.group(),
                OptionalInt.of(partition), status, w.values(), w.sources(), List.of(), pendingBackfill));
    }
}
