package dev.tandem.microbatch.push;

import java.util.List;
import java.util.Map;

import dev.tandem.shared.record.RawRecord;

/** The records of one push request, by partition, each partition's in offset order. */
record PushedBatch(Map<Integer, List<RawRecord>> byPartition) {
}
