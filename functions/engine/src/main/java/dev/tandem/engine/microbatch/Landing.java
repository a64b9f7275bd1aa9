package dev.tandem.engine.microbatch;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.tandem.shared.definition.PipelineDefinition;
import dev.tandem.shared.record.Envelope;
import dev.tandem.shared.storage.ObjectStore;
import dev.tandem.shared.storage.RawSegment;
import dev.tandem.shared.storage.SegmentKey;
import dev.tandem.shared.storage.SegmentMetadata;

/**
 * Step 3: land the valid records (late ones included) as raw segments, one per event hour, keyed
 * by the batch's source coordinates only, so a retry rewrites the same objects with the same bytes.
 * Landing (serialise, compress, PUT) runs beside the fold: the fold only changes memory, and both
 * are done before anything is emitted or checkpointed.
 */
final class Landing implements AutoCloseable {

    private final PipelineDefinition definition;
    private final ObjectStore store;
    private final String layout;
    private final String lineageRunId;
    private final MicroBatchMetrics metrics;
    private final ExecutorService landers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "tandem-land");
        t.setDaemon(true);
        return t;
    });

    Landing(PipelineDefinition definition, ObjectStore store, String layout, String lineageRunId,
            MicroBatchMetrics metrics) {
        this.definition = definition;
        this.store = store;
        this.layout = layout;
        this.lineageRunId = lineageRunId;
        this.metrics = metrics;
    }

    /** What landing a batch wrote. */
    record Landed(List<String> keys, long bytes) {
    }

    /** Starts landing the batch's valid records on another thread. */
    CompletableFuture<Landed> start(BatchContext batch, List<Envelope> valid) {
        return CompletableFuture.supplyAsync(() -> land(batch, valid), landers);
    }

    private Landed land(BatchContext batch, List<Envelope> valid) {
        List<String> keys = new ArrayList<>();
        long bytesWritten = 0;
        try (BatchTracing.Scope s = batch.step(Step.LAND)) {
            for (Map.Entry<SegmentKey, List<Envelope>> e : RawSegment.split(definition.name(), definition.landingCodec(),
                    batch.firstOffset,
                    batch.lastOffset, valid).entrySet()) {
                byte[] bytes = RawSegment.write(e.getValue(), definition.landingCodec());
                long t0 = System.nanoTime();
                store.put(e.getKey().key(), bytes, metadata(batch.span, e.getValue().size()).toMap());
                metrics.segmentPut(bytes.length, System.nanoTime() - t0);
                keys.add(e.getKey().key());
                bytesWritten += bytes.length;
            }
        }
        return new Landed(keys, bytesWritten);
    }

    private SegmentMetadata metadata(BatchTracing.BatchSpan span, int records) {
        boolean traced = !span.traceId().isEmpty();
        return SegmentMetadata.landed(definition.name(), records, layout, traced ? span.traceId() : "",
                traced ? span.traceparent() : "", lineageRunId);
    }

    @Override
    public void close() {
        landers.shutdownNow();
    }
}
