package dev.tandem.function.io;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import dev.tandem.shared.record.RawRecord;
import dev.tandem.shared.record.RecordHeader;
import dev.tandem.shared.record.SourceCoordinates;

/** A Kafka consumer record as the engine takes it: coordinates, produce timestamp, key, value, headers. */
public final class KafkaRecords {

    private KafkaRecords() {
    }

    public static RawRecord raw(ConsumerRecord<byte[], byte[]> r) {
        Header[] all = r.headers().toArray();
        List<RecordHeader> headers = all.length == 0 ? List.of() : new ArrayList<>(all.length);
        for (Header h : all) {
            headers.add(new RecordHeader(h.key(), h.value()));
        }
        return new RawRecord(new SourceCoordinates(r.topic(), r.partition(), r.offset()), r.timestamp(), r.key(),
                r.value(), headers);
    }
}
