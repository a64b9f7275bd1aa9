package dev.tandem.microbatch.pull;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;

/**
 * Polled batches whose records are not all processed yet. A poll is acknowledged (and so,
 * throttled, committed for lag tooling) once every partition in it has been checkpointed past its
 * last record, or is no longer owned here — never while its records only wait in the assembler.
 */
final class PendingAcks {

    private record Pending(KafkaRecordBatch<byte[], byte[]> batch, Map<Integer, Long> lastOffsets) {
    }

    private final List<Pending> pending = new ArrayList<>();

    synchronized void add(KafkaRecordBatch<byte[], byte[]> batch, Map<Integer, Long> lastOffsets) {
        pending.add(new Pending(batch, Map.copyOf(lastOffsets)));
    }

    /** Acknowledges the polls whose records are processed, given partition → next offset of the partitions owned here. */
    synchronized void ackProcessed(Map<Integer, Long> nextOffsets) {
        for (Iterator<Pending> it = pending.iterator(); it.hasNext();) {
            Pending p = it.next();
            boolean done = p.lastOffsets.entrySet().stream().allMatch(e -> {
                Long next = nextOffsets.get(e.getKey());
                return next == null || next > e.getValue();
            });
            if (done) {
                p.batch.ack();
                it.remove();
            }
        }
    }
}
