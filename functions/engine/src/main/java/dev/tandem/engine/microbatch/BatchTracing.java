package dev.tandem.engine.microbatch;

import java.util.List;

import dev.tandem.shared.record.RawRecord;

/** Spans of micro-batches; the core knows only this interface. */
public interface BatchTracing {

    BatchTracing NONE = (partition, records) -> BatchSpan.NONE;

    /** Starts the span of one batch of {@code partition}, linked to the producers' spans of {@code records}. */
    BatchSpan start(int partition, List<RawRecord> records);

    /** One batch's span. */
    interface BatchSpan {

        BatchSpan NONE = new BatchSpan() {
        };

        /** Starts the child span of a step; close it when the step ends. */
        default Scope step(Step step) {
            return () -> {
            };
        }

        /** The trace id, written into the metadata of the objects the batch writes; empty if not traced. */
        default String traceId() {
            return "";
        }

        /** The batch span's W3C {@code traceparent}, so a batch run reading the segment can link to it. */
        default String traceparent() {
            return "";
        }

        default void attribute(String key, long value) {
        }

        default void end(Throwable failure) {
        }
    }

    /** A step's span, closed without checked exceptions. */
    interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
