package dev.tandem.engine.microbatch;

import java.time.Duration;

/**
 * How the processor behaves.
 *
 * @param provisional     also emit PROVISIONAL results for the open windows a batch changed
 * @param checkpointsKept how many checkpoints per partition to keep (older ones are pruned)
 * @param emitTimeout     how long to wait for the broker to acknowledge a batch's emissions
 * @param deltasPerFull   how many incremental checkpoints (one per batch) between full ones
 * @param lineageRunId    the OpenLineage run of this instance, written into segment metadata so batch
 *                        runs can name it as their parent; empty when not reported
 */
public record MicroBatchSettings(boolean provisional, int checkpointsKept, Duration emitTimeout, int deltasPerFull,
        String lineageRunId) {

    public MicroBatchSettings(boolean provisional, int checkpointsKept, Duration emitTimeout, int deltasPerFull) {
        this(provisional, checkpointsKept, emitTimeout, deltasPerFull, "");
    }

    public MicroBatchSettings {
        if (checkpointsKept < 1) {
            throw new IllegalArgumentException("Invalid value for parameter \"checkpointsKept\" (value was: "
                    + checkpointsKept + "): keep at least 1");
        }
        if (deltasPerFull < 0) {
            throw new IllegalArgumentException("Invalid value for parameter \"deltasPerFull\" (value was: "
                    + deltasPerFull + "): use 0 (every checkpoint full) or more");
        }
    }

    public static MicroBatchSettings defaults() {
        return new MicroBatchSettings(false, 3, Duration.ofSeconds(30), 50);
    }
}
