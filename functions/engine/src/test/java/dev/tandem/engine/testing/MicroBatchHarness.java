package dev.tandem.engine.testing;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import dev.tandem.engine.io.RecordSink.Outgoing;
import dev.tandem.engine.microbatch.BatchTracing;
import dev.tandem.engine.microbatch.DeadLetterHistory;
import dev.tandem.engine.microbatch.FaultInjector;
import dev.tandem.engine.microbatch.MicroBatchMetrics;
import dev.tandem.engine.microbatch.MicroBatchProcessor;
import dev.tandem.engine.microbatch.MicroBatchSettings;
import dev.tandem.shared.definition.PipelineDefinition;
import dev.tandem.shared.record.RawRecord;
import dev.tandem.shared.record.RecordHeader;
import dev.tandem.shared.decode.DeadLetterHeaders;

/**
 * A micro-batch processor over an in-memory object store and record sink, and the way a trigger
 * feeds it: batches of one partition in offset order. A "restart" is a new processor over the same
 * store and sink, as a new instance after a crash would be.
 */
public final class MicroBatchHarness {

    public final PipelineDefinition definition;
    public final InMemoryObjectStore store = new InMemoryObjectStore();
    public final RecordingSink sink = new RecordingSink();
    public final ManualClock clock = new ManualClock(Instant.parse("2026-11-25T00:00:00Z"));
    private final MicroBatchSettings settings;
    /** Spans as a tracer would give them: a trace id and traceparent per batch, derived from its first offset. */
    public static final BatchTracing TRACED = (partition, records) -> {
        String traceId = String.format("%032x", 1_000_000L * (partition + 1) + records.get(0).source().offset());
        String spanId = String.format("%016x", records.get(0).source().offset() + 1);
        return new BatchTracing.BatchSpan() {
            @Override
            public String traceId() {
                return traceId;
            }

            @Override
            public String traceparent() {
                return "00-" + traceId + "-" + spanId + "-01";
            }
        };
    };
    private BatchTracing tracing = BatchTracing.NONE;

    public MicroBatchHarness(PipelineDefinition definition, MicroBatchSettings settings) {
        this.definition = definition;
        this.settings = settings;
    }

    public MicroBatchHarness() {
        this(Orders.PIPELINE, new MicroBatchSettings(false, 3, java.time.Duration.ofSeconds(5), 4));
    }

    public MicroBatchProcessor processor() {
        return processor(FaultInjector.NONE, MicroBatchMetrics.NONE);
    }

    public MicroBatchProcessor processor(FaultInjector faults, MicroBatchMetrics metrics) {
        return new MicroBatchProcessor(definition, Orders.decoder(), store, sink, settings, metrics, tracing, faults,
                deadLetterHistory(), clock);
    }

    /** Processors made from now on trace their batches with {@link #TRACED}. */
    public MicroBatchHarness traced() {
        this.tracing = TRACED;
        return this;
    }

    /** What the dead-letter topic holds for a partition: the read-back the Kafka adapter does. */
    public DeadLetterHistory deadLetterHistory() {
        return (partition, fromOffset, sinceMs) -> {
            Set<Long> out = new TreeSet<>();
            for (Outgoing o : sink.sent(definition.deadLetterTopic())) {
                if (header(o, DeadLetterHeaders.PARTITION).equals(Integer.toString(partition))) {
                    long offset = Long.parseLong(header(o, DeadLetterHeaders.OFFSET));
                    if (offset >= fromOffset) {
                        out.add(offset);
                    }
                }
            }
            return out;
        };
    }

    /** Feeds {@code records} of one partition in batches of {@code batchSize}, as a trigger would. */
    public static void feed(MicroBatchProcessor processor, int partition, List<RawRecord> records, int batchSize) {
        for (int i = 0; i < records.size(); i += batchSize) {
            processor.process(partition, records.subList(i, Math.min(records.size(), i + batchSize)));
        }
    }

    /** Dead letters sent, as "partition/offset" in order of sending. */
    public List<String> deadLetterCoordinates() {
        return sink.sent(definition.deadLetterTopic()).stream()
                .map(o -> header(o, DeadLetterHeaders.PARTITION) + "/" + header(o, DeadLetterHeaders.OFFSET)).toList();
    }

    private static String header(Outgoing o, String name) {
        for (RecordHeader h : o.headers()) {
            if (h.key().equals(name)) {
                return new String(h.value(), StandardCharsets.UTF_8);
            }
        }
        throw new AssertionError("Dead letter without header " + name);
    }
}
