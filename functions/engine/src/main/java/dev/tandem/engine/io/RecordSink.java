package dev.tandem.engine.io;

import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.tandem.shared.record.RecordHeader;
import dev.tandem.shared.storage.ResultRecord;

/**
 * Where the engines send records: dead letters, results and corrections. A micro-batch
 * checkpoints only after {@link Pending#await} says everything it sent is durable, so an
 * implementation must acknowledge a send only once the destination keeps it.
 */
public interface RecordSink {

    /** Starts sending, in order; the returned sends are awaited with {@link Pending#await}. */
    Pending send(List<Outgoing> records);

    /**
     * Waits for the sends in flight to complete or fail, ignoring failures (each send's own
     * {@link Pending} reports them): after a failed batch, so its sends cannot land later.
     */
    void flushQuietly();

    /**
     * A record to send.
     *
     * @param topic   the topic
     * @param key     the key bytes, may be null
     * @param value   the value bytes
     * @param headers the headers
     */
    record Outgoing(String topic, byte[] key, byte[] value, List<RecordHeader> headers) {

        public Outgoing {
            headers = List.copyOf(headers);
        }

        /**
         * A result as a topic record: keyed by its partial key, so a results topic compacts to the
         * latest record of each partial and a re-emission is a byte-identical upsert. The one
         * place a result becomes a topic record.
         */
        public static Outgoing result(String topic, ResultRecord result) {
            return new Outgoing(topic, result.key().getBytes(StandardCharsets.UTF_8), result.toJson(), List.of());
        }
    }

    /** Sends in flight. */
    interface Pending {

        /** A batch of nothing: awaiting it returns at once. */
        Pending NONE = new Pending() {
            @Override
            public int size() {
                return 0;
            }

            @Override
            public void await(long timeoutMs) {
            }
        };

        int size();

        /**
         * Waits until every send is acknowledged.
         *
         * @throws IllegalStateException on the first refused send, or when {@code timeoutMs} passes
         */
        void await(long timeoutMs);
    }
}
