package dev.tandem.function.push;

import java.util.List;
import java.util.Map;

import dev.tandem.shared.record.RawRecord;

/** The records of one push request, by partition, each partition's in offset order. */
public record PushedBatch(Map<Integer, List<RawRecord>> byPartition) {
}
