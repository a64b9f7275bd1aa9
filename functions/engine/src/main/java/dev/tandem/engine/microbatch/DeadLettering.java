package dev.tandem.engine.microbatch;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.tandem.engine.io.RecordSink;
import dev.tandem.shared.definition.PipelineDefinition;
import dev.tandem.shared.decode.Decoded;
import dev.tandem.shared.record.RawRecord;
import dev.tandem.shared.decode.DeadLetterHeaders;
import dev.tandem.shared.record.RecordHeader;
import dev.tandem.shared.record.SourceCoordinates;
import dev.tandem.shared.storage.ObjectKeys;
import dev.tandem.shared.storage.ObjectStore;

/**
 * Step 2: invalid records to the dead-letter topic with their reasons and source coordinates, each
 * once. Only after a restore can some already have a dead letter (sent before a crash, after the
 * checkpoint): the partition's first batch with invalid records then reads back what the
 * dead-letter topic holds for the partition since its records were produced, and skips those.
 *
 * <p>A record whose key and value exceed {@link #MAX_INLINE_BYTES} would not fit the dead-letter
 * topic (Kafka's default limit is 1 MB a record), and a send that can never succeed would stop its
 * partition for good: its value is landed in object storage first (a retry rewrites the same key
 * with the same bytes), and the dead letter carries an empty value and the object's key
 * ({@link DeadLetterHeaders#PAYLOAD}).
 */
final class DeadLettering {

    private static final System.Logger LOG = System.getLogger(DeadLettering.class.getName());
    /**
     * Dead letters sent before a crash are looked for from this long before the earliest record
     * timestamp of the batch that runs again: they were sent after those records were produced,
     * give or take the producers' clock skew.
     */
    static final long CLOCK_SKEW_MS = 15 * 60_000L;
    /**
     * Key plus value bytes a dead letter carries inline: below Kafka's default 1 MB
     * ({@code max.request.size}, {@code message.max.bytes}) with room for the headers.
     */
    public static final int MAX_INLINE_BYTES = 900 * 1024;
    /** A key larger than this is left out of an oversized dead letter as well (it is rarely the culprit). */
    static final int MAX_INLINE_KEY_BYTES = 64 * 1024;

    private final PipelineDefinition definition;
    private final RecordSink sink;
    private final ObjectStore store;
    private final DeadLetterHistory history;
    private final Clock clock;

    DeadLettering(PipelineDefinition definition, RecordSink sink, ObjectStore store, DeadLetterHistory history,
            Clock clock) {
        this.definition = definition;
        this.sink = sink;
        this.store = store;
        this.history = history;
        this.clock = clock;
    }

    /** Starts sending the dead letters of the batch's invalid records that have none yet. */
    RecordSink.Pending send(BatchContext batch, List<Decoded.Invalid> invalid) {
        List<Decoded.Invalid> unsent = notYetDeadLettered(batch, invalid);
        if (unsent.size() < invalid.size()) {
            batch.span.attribute("tandem.dead_letters.already_sent", invalid.size() - unsent.size());
        }
        return sink.send(unsent.stream().map(this::deadLetter).toList());
    }

    private RecordSink.Outgoing deadLetter(Decoded.Invalid invalid) {
        RawRecord raw = invalid.raw();
        byte[] key = raw.key();
        byte[] value = raw.value();
        List<RecordHeader> headers = DeadLetterHeaders.of(invalid);
        int size = (key == null ? 0 : key.length) + (value == null ? 0 : value.length);
        if (size <= MAX_INLINE_BYTES) {
            return new RecordSink.Outgoing(definition.deadLetterTopic(), key, value, headers);
        }
        SourceCoordinates source = raw.source();
        String objectKey = ObjectKeys.deadLetterPayload(definition.name(), source.topic(), source.partition(),
                source.offset(), Instant.ofEpochMilli(Math.max(0, raw.timestampMs())));
        byte[] payload = value == null ? new byte[0] : value;
        store.put(objectKey, payload, Map.of(DeadLetterHeaders.TOPIC, source.topic(),
                DeadLetterHeaders.PARTITION, Integer.toString(source.partition()), DeadLetterHeaders.OFFSET,
                Long.toString(source.offset())));
        List<RecordHeader> withPayload = new ArrayList<>(headers);
        withPayload.add(RecordHeader.of(DeadLetterHeaders.PAYLOAD, objectKey));
        withPayload.add(RecordHeader.of(DeadLetterHeaders.PAYLOAD_BYTES, Integer.toString(payload.length)));
        LOG.log(System.Logger.Level.INFO, String.format("%s-%d@%d: invalid record of %d bytes is too large for %s;"
                + " its value is in %s", source.topic(), source.partition(), source.offset(), size,
                definition.deadLetterTopic(), objectKey));
        return new RecordSink.Outgoing(definition.deadLetterTopic(),
                key != null && key.length > MAX_INLINE_KEY_BYTES ? null : key, new byte[0], withPayload);
    }

    private List<Decoded.Invalid> notYetDeadLettered(BatchContext batch, List<Decoded.Invalid> invalid) {
        OwnedPartition p = batch.partition;
        if (invalid.isEmpty()) {
            return invalid;
        }
        if (p.deadLettersUnknown) {
            long earliest = batch.records.stream().mapToLong(RawRecord::timestampMs).min().orElse(clock.millis());
            long t0 = System.nanoTime();
            p.alreadyDeadLettered.addAll(history.deadLettered(p.partition, batch.firstOffset,
                    earliest - CLOCK_SKEW_MS));
            p.deadLettersUnknown = false;
            LOG.log(System.Logger.Level.INFO, String.format(
                    "%s-%d: %d records from offset %d already have a dead letter (read back in %d ms)",
                    definition.source().topic(), p.partition, p.alreadyDeadLettered.size(), batch.firstOffset,
                    (System.nanoTime() - t0) / 1_000_000));
        }
        if (p.alreadyDeadLettered.isEmpty()) {
            return invalid;
        }
        return invalid.stream().filter(i -> !p.alreadyDeadLettered.contains(i.raw().source().offset())).toList();
    }
}
