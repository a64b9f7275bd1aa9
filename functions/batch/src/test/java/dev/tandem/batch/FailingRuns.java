package dev.tandem.batch;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import dev.tandem.batch.observability.RunTelemetry;
import dev.tandem.engine.batch.run.RunObserver;
import dev.tandem.engine.batch.run.RunStatus;
import dev.tandem.shared.storage.ObjectStore;

/**
 * The application's run telemetry, plus switches that make the next run fail after reading a
 * given number of segments, as if S3 had stopped answering mid-run, or stop the real S3 server there.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class FailingRuns implements RunObserver {

    /** Fail the next run after this many segments; negative: never. */
    static final AtomicInteger FAIL_AFTER_SEGMENTS = new AtomicInteger(-1);

    /** Stop the real S3 server once the next run has read this many segments; negative: never. */
    static final AtomicInteger OUTAGE_AFTER_SEGMENTS = new AtomicInteger(-1);

    /** The outage started by {@link #OUTAGE_AFTER_SEGMENTS}: closing it starts S3 again. */
    static final java.util.concurrent.atomic.AtomicReference<AutoCloseable> OUTAGE = new java.util.concurrent.atomic.AtomicReference<>();

    private final RunTelemetry telemetry;

    FailingRuns(RunTelemetry telemetry) {
        this.telemetry = telemetry;
    }

    @Override
    public Observation start(RunStatus status) {
        Observation real = telemetry.start(status);
        int failAfter = FAIL_AFTER_SEGMENTS.getAndSet(-1);
        int outageAfter = OUTAGE_AFTER_SEGMENTS.getAndSet(-1);
        AtomicInteger read = new AtomicInteger();
        return new Observation() {
            @Override
            public void segmentRead(String key, int records, long bytes, Map<String, String> metadata, long nanos) {
                real.segmentRead(key, records, bytes, metadata, nanos);
                int n = read.incrementAndGet();
                if (outageAfter >= 0 && n == outageAfter + 1) {
                    OUTAGE.set(dev.tandem.localstack.LocalStackTestResource.stack().s3Outage());
                }
                if (failAfter >= 0 && n > failAfter) {
                    throw new ObjectStore.ObjectStoreException("GET s3://tandem/" + key
                            + " failed: injected: the S3 server stopped answering", null);
                }
            }

            @Override
            public void folded(dev.tandem.engine.batch.FoldedRange folded) {
                real.folded(folded);
            }

            @Override
            public void reconciled(dev.tandem.engine.batch.ReconcileReport report) {
                real.reconciled(report);
            }

            @Override
            public void end(RunStatus s, Throwable failure) {
                real.end(s, failure);
            }
        };
    }
}
