package dev.tandem.engine.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.tandem.engine.io.RecordSink;
import dev.tandem.shared.storage.ResultRecord;

/**
 * A record sink that keeps what it was sent, per topic, in order — a log, as Kafka would keep it.
 * Sends can be made to fail on await, as a broker that refuses or times out would.
 */
public final class RecordingSink implements RecordSink {

    private final Map<String, List<Outgoing>> topics = new LinkedHashMap<>();
    private volatile boolean failing;
    private int flushes;

    @Override
    public synchronized Pending send(List<Outgoing> records) {
        if (failing) {
            return new Pending() {
                @Override
                public int size() {
                    return records.size();
                }

                @Override
                public void await(long timeoutMs) {
                    throw new IllegalStateException("Kafka did not acknowledge " + records.size() + " records (injected)");
                }
            };
        }
        records.forEach(r -> topics.computeIfAbsent(r.topic(), t -> new ArrayList<>()).add(r));
        return new Pending() {
            @Override
            public int size() {
                return records.size();
            }

            @Override
            public void await(long timeoutMs) {
            }
        };
    }

    @Override
    public synchronized void flushQuietly() {
        flushes++;
    }

    public void failSends(boolean failing) {
        this.failing = failing;
    }

    public synchronized List<Outgoing> sent(String topic) {
        return List.copyOf(topics.getOrDefault(topic, List.of()));
    }

    /** The results sent to {@code topic}, parsed. */
    public synchronized List<ResultRecord> results(String topic) {
        return sent(topic).stream().map(o -> ResultRecord.parse(o.value())).toList();
    }

    /** The latest value of every key sent to {@code topic}, as a compacted topic would keep it. */
    public synchronized Map<String, String> compacted(String topic) {
        Map<String, String> out = new java.util.TreeMap<>();
        sent(topic).forEach(o -> out.put(new String(o.key(), StandardCharsets.UTF_8),
                new String(o.value(), StandardCharsets.UTF_8)));
        return out;
    }

    public synchronized int flushes() {
        return flushes;
    }
}
