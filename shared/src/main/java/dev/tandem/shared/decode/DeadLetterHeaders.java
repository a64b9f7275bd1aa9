package dev.tandem.shared.decode;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import dev.tandem.shared.decode.Decoded;
import dev.tandem.shared.record.RecordHeader;
import dev.tandem.shared.record.SourceCoordinates;
import dev.tandem.shared.validation.Violation;

/**
 * The headers that travel with an invalid record to the dead-letter topic: its original headers,
 * then every reason and its source coordinates. The original key and value are kept unchanged —
 * unless together they exceed what the dead-letter topic takes: then the value is landed in object
 * storage and referenced by {@link #PAYLOAD}.
 */
public final class DeadLetterHeaders {

    public static final String REASON = "tandem-dlq-reason";
    public static final String RULE = "tandem-dlq-rule";
    public static final String TOPIC = "tandem-dlq-topic";
    public static final String PARTITION = "tandem-dlq-partition";
    public static final String OFFSET = "tandem-dlq-offset";
    /**
     * On a dead letter too large for the dead-letter topic: the key of the object in the pipeline's
     * bucket that holds the record's value, which the dead letter itself carries empty.
     */
    public static final String PAYLOAD = "tandem-dlq-payload";
    /** With {@link #PAYLOAD}: the size of the value in bytes. */
    public static final String PAYLOAD_BYTES = "tandem-dlq-payload-bytes";

    private DeadLetterHeaders() {
    }

    public static List<RecordHeader> of(Decoded.Invalid invalid) {
        List<RecordHeader> headers = new ArrayList<>(invalid.raw().headers());
        SourceCoordinates source = invalid.raw().source();
        headers.add(RecordHeader.of(REASON,
                invalid.violations().stream().map(Violation::toString).collect(Collectors.joining("\n"))));
        headers.add(RecordHeader.of(RULE, invalid.violations().get(0).rule()));
        headers.add(RecordHeader.of(TOPIC, source.topic()));
        headers.add(RecordHeader.of(PARTITION, Integer.toString(source.partition())));
        headers.add(RecordHeader.of(OFFSET, Long.toString(source.offset())));
        return headers;
    }
}
