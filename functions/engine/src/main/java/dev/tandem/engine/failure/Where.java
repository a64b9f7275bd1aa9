package dev.tandem.engine.failure;

/**
 * What failed: an operation on a pipeline's source partition, starting at an offset — what every
 * log line and metric about the failure names.
 *
 * @param pipeline  the pipeline
 * @param operation what was attempted: {@code batch}, {@code push}, {@code restore}
 * @param topic     the source topic
 * @param partition the source partition
 * @param offset    the first offset concerned; -1 when none (a restore)
 */
public record Where(String pipeline, String operation, String topic, int partition, long offset) {

    @Override
    public String toString() {
        return operation + " of pipeline '" + pipeline + "' " + topic + "-" + partition
                + (offset >= 0 ? " at offset " + offset : "");
    }
}
