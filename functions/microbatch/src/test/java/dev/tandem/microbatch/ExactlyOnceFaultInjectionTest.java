package dev.tandem.microbatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.tandem.function.io.KafkaRecordSink;
import dev.tandem.function.io.S3ObjectStore;
import dev.tandem.localstack.LocalStack;
import dev.tandem.localstack.LocalStackTestResource;
import dev.tandem.engine.microbatch.Boundary;
import dev.tandem.engine.microbatch.CheckpointRepository;
import dev.tandem.engine.microbatch.FaultInjector;
import dev.tandem.engine.microbatch.MicroBatchProcessor;
import dev.tandem.microbatch.testing.MutableClock;
import dev.tandem.microbatch.testing.OrderStream;
import dev.tandem.microbatch.testing.Pipelines;
import dev.tandem.microbatch.testing.ProcessorDriver;
import dev.tandem.microbatch.testing.TestClients;
import dev.tandem.microbatch.testing.TopicReader;
import dev.tandem.shared.definition.PipelineDefinition;
import dev.tandem.shared.definition.SegmentCodec;
import dev.tandem.shared.record.Envelope;
import dev.tandem.shared.state.StateLayout;
import dev.tandem.shared.storage.ObjectStore;
import dev.tandem.shared.storage.RawSegment;
import dev.tandem.shared.decode.DeadLetterHeaders;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Exactly-once effect under crashes at every step boundary, against the real broker and S3
 * server: processing is crashed several times at random batches at one boundary — the
 * processor's memory and its consumer thrown away, as in a process crash — and restarted from
 * the checkpoints with different batch sizes. The results, the final checkpoints, the dead
 * letters and the landed records must equal those of a clean run. The clean run lands gzip; the
 * crashed one lands zstd at every other boundary ({@code landing.codec}), so both codecs' segments
 * and checkpoints go through every kind of crash and must still give the clean run's results.
 */
class ExactlyOnceFaultInjectionTest {

    static final int PARTITIONS = 3;
    static LocalStack stack;
    static S3Client s3;

    @BeforeAll
    static void start() {
        stack = LocalStackTestResource.stack();
        s3 = TestClients.s3(stack);
    }

    @AfterAll
    static void stop() {
        s3.close();
    }

    @ParameterizedTest(name = "crash {0}")
    @EnumSource(Boundary.class)
    void crashesAtABoundaryThenRestartsLeaveTheResultsOfACleanRun(Boundary boundary) throws Exception {
        String suffix = boundary.name().toLowerCase(Locale.ROOT).replace('_', '-');
        PipelineDefinition clean = Pipelines.named("eo-clean-" + suffix);
        SegmentCodec codec = boundary.ordinal() % 2 == 0 ? SegmentCodec.ZSTD : SegmentCodec.GZIP;
        PipelineDefinition faulty = Pipelines.named("eo-crash-" + suffix, codec);
        List<OrderStream.Event> events = OrderStream.generate(boundary.ordinal() + 77L, 2_500, PARTITIONS,
                Instant.parse("2026-04-01T12:00:00Z").toEpochMilli());
        Map<Integer, Long> ends = new TreeMap<>();
        for (PipelineDefinition d : List.of(clean, faulty)) {
            stack.createTopics(Map.of(d.source().topic(), PARTITIONS, d.resultsTopic(), 3, d.deadLetterTopic(), 1));
            ends.clear();
            OrderStream.send(stack.kafkaBootstrapServers(), d.source().topic(), events)
                    .forEach(s -> ends.merge(s.event().partition(), s.offset() + 1, Math::max));
        }

        run(clean, boundary, List.of(), new Random(1), ends);
        Random random = new Random(boundary.ordinal());
        List<Integer> crashAt = List.of(1 + random.nextInt(3), 4 + random.nextInt(4), 8 + random.nextInt(4));
        int crashes = run(faulty, boundary, crashAt, random, ends);

        assertThat(crashes).as("crashes injected at %s", boundary).isEqualTo(3);
        assertThat(finalResults(faulty)).isEqualTo(finalResults(clean)).isNotEmpty();
        CheckpointRepository cleanCheckpoints = new CheckpointRepository(new S3ObjectStore(s3, stack.bucket()),
                clean.name(), clean.source().topic());
        CheckpointRepository faultyCheckpoints = new CheckpointRepository(new S3ObjectStore(s3, stack.bucket()),
                faulty.name(), faulty.source().topic());
        StateLayout layout = StateLayout.of(clean);
        for (int p = 0; p < PARTITIONS; p++) {
            var a = cleanCheckpoints.restore(p, layout).orElseThrow();
            var b = faultyCheckpoints.restore(p, layout).orElseThrow();
            assertThat(b.nextOffset()).isEqualTo(a.nextOffset());
            assertThat(b.state().snapshot()).as("final state of partition %d", p).isEqualTo(a.state().snapshot());
        }
        assertThat(deadLetters(faulty)).as("each invalid record dead-lettered once, as in the clean run")
                .isEqualTo(deadLetters(clean)).isNotEmpty().doesNotHaveDuplicates();
        assertThat(landed(faulty)).isEqualTo(landed(clean));
        assertThat(new S3ObjectStore(s3, stack.bucket()).list("raw/" + faulty.name() + "/"))
                .as("segments named for the crashed run's codec").isNotEmpty()
                .allSatisfy(o -> assertThat(o.key()).endsWith(codec.suffix()));
    }

    /**
     * Runs the pipeline to the end offsets. With {@code crashAt} non-empty, processing crashes
     * when the boundary is reached for the n-th time (counted across restarts) for each n in it;
     * returns how many crashes happened.
     */
    private int run(PipelineDefinition d, Boundary boundary, List<Integer> crashAt, Random random,
            Map<Integer, Long> ends) throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-25T00:00:00Z"));
        java.util.concurrent.atomic.AtomicInteger reached = new java.util.concurrent.atomic.AtomicInteger();
        FaultInjector faults = (b, partition) -> {
            if (b == boundary && crashAt.contains(reached.incrementAndGet())) {
                throw new SimulatedCrash(b);
            }
        };
        int crashes = 0;
        while (true) {
            try (KafkaRecordSink sink = TestClients.sink(stack)) {
                MicroBatchProcessor processor = TestClients.processor(stack, s3, sink, d, faults, clock);
                try (ProcessorDriver driver = new ProcessorDriver(processor, faults, stack.kafkaBootstrapServers(),
                        PARTITIONS, 30 + random.nextInt(170))) {
                    driver.runUntil(ends, Duration.ofSeconds(90));
                    clock.advance(Duration.ofHours(1));
                    processor.advanceIdlePartitions();
                    return crashes;
                }
            } catch (SimulatedCrash crash) {
                crashes++;
            }
        }
    }

    /** Window|group|partition → the one distinct FINAL value (pipeline name removed); fails on conflicting FINALs. */
    private Map<String, String> finalResults(PipelineDefinition d) {
        Map<String, Set<String>> values = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> r : TopicReader.readAll(stack.kafkaBootstrapServers(), d.resultsTopic())) {
            String value = new String(r.value(), StandardCharsets.UTF_8);
            if (value.contains("\"status\":\"FINAL\"")) {
                String key = TopicReader.key(r).substring(d.name().length());
                values.computeIfAbsent(key, k -> new HashSet<>()).add(value.replace("\"" + d.name() + "\"", "\"P\""));
            }
        }
        Map<String, String> out = new TreeMap<>();
        values.forEach((k, v) -> {
            assertThat(v).as("FINAL emissions of %s in %s are byte-identical", k, d.name()).hasSize(1);
            out.put(k, v.iterator().next());
        });
        return out;
    }

    /** Every dead letter, sorted: a record dead-lettered twice would show twice. */
    private List<String> deadLetters(PipelineDefinition d) {
        List<String> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : TopicReader.readAll(stack.kafkaBootstrapServers(), d.deadLetterTopic())) {
            out.add(TopicReader.header(r, DeadLetterHeaders.PARTITION) + "@" + TopicReader.header(r, DeadLetterHeaders.OFFSET)
                    + ":" + TopicReader.header(r, DeadLetterHeaders.REASON));
        }
        out.sort(null);
        return out;
    }

    private Set<String> landed(PipelineDefinition d) {
        ObjectStore store = new S3ObjectStore(s3, stack.bucket());
        Set<String> out = new HashSet<>();
        for (ObjectStore.ObjectInfo o : store.list("raw/" + d.name() + "/")) {
            for (Envelope e : RawSegment.read(store.get(o.key()).orElseThrow())) {
                out.add(e.source().partition() + "@" + e.source().offset() + ":" + e.payload());
            }
        }
        return out;
    }

    static final class SimulatedCrash extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SimulatedCrash(Boundary b) {
            super("simulated crash " + b, null, false, false);
        }
    }
}
