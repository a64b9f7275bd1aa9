package dev.tandem.microbatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import dev.tandem.engine.batch.run.BackfillSources;
import dev.tandem.engine.batch.run.BackfillSummary;
import dev.tandem.engine.batch.run.BatchRuns;
import dev.tandem.engine.batch.run.BatchSettings;
import dev.tandem.engine.batch.run.RunObserver;
import dev.tandem.engine.batch.run.RunState;
import dev.tandem.engine.batch.run.RunStatus;
import dev.tandem.engine.microbatch.MicroBatchProcessor;
import dev.tandem.function.io.DeadLetterReader;
import dev.tandem.function.io.KafkaPartitionLog;
import dev.tandem.function.io.KafkaRecordSink;
import dev.tandem.function.io.ResultsTopicReader;
import dev.tandem.function.io.S3ObjectStore;
import dev.tandem.localstack.LocalStackTestResource;
import dev.tandem.microbatch.testing.ExpectedResults;
import dev.tandem.microbatch.testing.OrderStream;
import dev.tandem.microbatch.testing.TopicReader;
import dev.tandem.shared.decode.DeadLetterHeaders;
import dev.tandem.shared.decode.RecordDecoder;
import dev.tandem.shared.definition.ExamplePipeline;
import dev.tandem.shared.definition.PipelineDefinition;
import dev.tandem.shared.storage.BackfillCut;
import dev.tandem.shared.storage.ObjectKeys;
import dev.tandem.shared.storage.ObjectStore;
import dev.tandem.shared.storage.RawSegment;
import dev.tandem.shared.storage.ResultRecord;
import dev.tandem.shared.storage.ResultStatus;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A backlog produced ten minutes before the function starts, with {@code freshness.backfillAfter: 2m},
 * against the real broker and S3 server: the live path cuts it and goes on from the head, so records
 * produced after it are processed at once; the backfill (the engine's batch run over the production
 * Kafka and S3 adapters) lands the cut and corrects its windows. Compared with an answer computed
 * independently from the events: every window of the backlog holds all its records (what a clean run
 * plus a reconcile gives), every window of the new data its FINAL value, every invalid record one dead
 * letter, every valid record landed once. The new data includes an invalid record of 3 MB (the topic
 * takes 10 MB): its dead letter references its value, landed in the bucket, and nothing stops.
 */
@QuarkusTest
@TestProfile(BackfillLiveTest.Backfilling.class)
@WithTestResource(TestStack.class)
class BackfillLiveTest {

    static final String TOPIC = "orders-backfill";
    static final int PARTITIONS = 3;
    static final long BACKLOG_BASE = Instant.parse("2026-04-01T09:00:00Z").toEpochMilli();
    static final long BACKLOG_SEED = 20260401L;
    static final int BACKLOG = 3_000;

    /** The pipeline on its own topic, cutting backlogs older than two minutes; the backlog produced before start. */
    public static class Backfilling implements QuarkusTestProfile {
        private static Map<String, String> config;

        @Override
        public synchronized Map<String, String> getConfigOverrides() {
            if (config == null) {
                String bootstrap = LocalStackTestResource.stack().kafkaBootstrapServers();
                // The topic takes records up to 10 MB, as the one where an oversized record stopped processing.
                try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
                        Map.of("bootstrap.servers", bootstrap))) {
                    admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(TOPIC, PARTITIONS, (short) 1)
                            .configs(Map.of("max.message.bytes", Integer.toString(10 << 20))))).all().get();
                } catch (Exception e) {
                    throw new IllegalStateException("Could not create " + TOPIC, e);
                }
                OrderStream.send(bootstrap, TOPIC, backlogEvents(),
                        System.currentTimeMillis() - Duration.ofMinutes(10).toMillis());
                Path file;
                try {
                    file = ExamplePipeline.write(Files.createTempDirectory("tandem-backfill-"),
                            "pipelines/orders-test.yaml", "orders.yaml", yaml -> yaml
                                    .replace("  topic: orders\n", "  topic: " + TOPIC + "\n")
                                    .replace("  target: 0.99", "  target: 0.99\n  backfillAfter: 2m"));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                // The topic comes from the pipeline file alone (PipelineChannelConfig).
                config = Map.of("tandem.pipeline.file", file.toString(), "tandem.drain.scheduled", "false");
            }
            return config;
        }
    }

    static List<OrderStream.Event> backlogEvents() {
        return OrderStream.generate(BACKLOG_SEED, BACKLOG, PARTITIONS, BACKLOG_BASE);
    }

    /** The events as the broker stored them: sent in order by one idempotent producer, one in flight. */
    static List<OrderStream.Sent> withOffsets(List<OrderStream.Event> events, Map<Integer, Long> next) {
        List<OrderStream.Sent> out = new ArrayList<>();
        for (OrderStream.Event e : events) {
            long offset = next.merge(e.partition(), 1L, Long::sum) - 1;
            out.add(new OrderStream.Sent(e, offset));
        }
        return out;
    }

    @Inject
    PipelineDefinition definition;

    @Inject
    MicroBatchProcessor processor;

    @Inject
    RecordDecoder decoder;

    @Inject
    S3Client s3;

    @Test
    void theLivePathCutsTheBacklogGoesOnFromTheHeadAndTheBackfillMakesTheResultsComplete() throws Exception {
        String bootstrap = LocalStackTestResource.stack().kafkaBootstrapServers();
        ObjectStore store = new S3ObjectStore(s3, "tandem");
        Map<Integer, Long> ends = new HashMap<>();
        List<OrderStream.Sent> backlog = withOffsets(backlogEvents(), ends);
        Map<Integer, Long> backlogEnds = new HashMap<>(ends);

        // The live path leaves each partition's backlog to a cut ending where the partition ended.
        await().atMost(Duration.ofSeconds(60)).until(() -> store.list(ObjectKeys.backfill("orders")).size() >= PARTITIONS);
        Map<Integer, BackfillCut> cuts = new TreeMap<>();
        for (ObjectStore.ObjectInfo o : store.list(ObjectKeys.backfill("orders"))) {
            BackfillCut cut = BackfillCut.parse(o.key(), store.get(o.key()).orElseThrow());
            assertThat(cut.topic()).isEqualTo(TOPIC);
            cuts.put(cut.partition(), cut);
        }
        assertThat(cuts.keySet()).containsExactly(0, 1, 2);
        cuts.values().forEach(c -> assertThat(c.toOffset()).as("cut of partition %d", c.partition())
                .isEqualTo(backlogEnds.get(c.partition())));

        // New data, produced now, an hour of event time later: processed straight away.
        List<OrderStream.Event> fresh = OrderStream.generate(20260402L, 1_500, PARTITIONS,
                BACKLOG_BASE + Duration.ofHours(1).toMillis());
        List<OrderStream.Sent> live = OrderStream.send(bootstrap, TOPIC, fresh);
        live.forEach(s -> ends.merge(s.event().partition(), s.offset() + 1, Math::max));
        // And one invalid record of 3 MB: too large for a dead letter of 1 MB, it must not stop anything.
        byte[] huge = ("{\"orderId\": \"" + "x".repeat(3 << 20) + "\"").getBytes(StandardCharsets.UTF_8);
        org.apache.kafka.clients.producer.RecordMetadata hugeAt;
        try (org.apache.kafka.clients.producer.KafkaProducer<byte[], byte[]> producer =
                new org.apache.kafka.clients.producer.KafkaProducer<>(Map.of("bootstrap.servers", bootstrap,
                        "max.request.size", 10 << 20), new org.apache.kafka.common.serialization.ByteArraySerializer(),
                        new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            hugeAt = producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(TOPIC, 1, null, huge)).get();
        }
        ends.merge(1, hugeAt.offset() + 1, Math::max);
        await().atMost(Duration.ofSeconds(60)).until(() -> processor.nextOffsets().equals(ends));

        Map<String, Object> kafka = Map.of("bootstrap.servers", bootstrap);
        DeadLetterReader deadLetters = new DeadLetterReader(kafka, Duration.ofSeconds(30));
        RunStatus status;
        try (KafkaRecordSink sink = KafkaRecordSink.create(kafka, "tandem-backfill-test")) {
            BatchRuns runs = new BatchRuns(definition, store, new ResultsTopicReader(kafka), sink,
                    new BatchSettings(Duration.ofDays(7), Duration.ofSeconds(60), Duration.ofSeconds(30), 100_000),
                    RunObserver.NONE, Clock.systemUTC(), 1, new BackfillSources(
                            () -> new KafkaPartitionLog(kafka, TOPIC, "tandem-backfill-test", 2_000), decoder,
                            (partition, from, since) -> deadLetters.deadLettered(definition.deadLetterTopic(), TOPIC,
                                    partition, from, since),
                            Duration.ofSeconds(60), 1_000));
            status = runs.backfill("test", false);
            assertThat(runs.pendingBackfills()).isEmpty();
            runs.close();
        }

        assertThat(status.state()).as(String.valueOf(status.error())).isEqualTo(RunState.SUCCEEDED);
        BackfillSummary summary = (BackfillSummary) status.result();
        long cutRecords = backlog.stream().filter(s -> s.offset() >= cuts.get(s.event().partition()).fromOffset()).count();
        assertThat(summary.records()).isEqualTo(cutRecords);
        assertThat(summary.expired()).isZero();

        // Every window of the backlog holds all of its records, late ones included: the batch answer.
        ExpectedResults complete = ExpectedResults.of(backlog, definition.window().size(), Duration.ofDays(36_500),
                definition.dedupeHorizon());
        ExpectedResults finals = ExpectedResults.of(live, definition.window().size(), definition.allowedLateness(),
                definition.dedupeHorizon());
        Map<String, ResultRecord> results = latest(TopicReader.readUntil(bootstrap, definition.resultsTopic(),
                read -> latest(read).keySet().containsAll(complete.cells.keySet()), Duration.ofSeconds(30)));
        assertThat(results.keySet()).containsAll(complete.cells.keySet());
        complete.cells.forEach((key, cell) -> {
            ResultRecord r = results.get(key);
            assertThat(r.values().get("orders").asLong()).as("count of %s", key).isEqualTo(cell.count);
            assertThat(new BigDecimal(r.values().get("revenue").asText())).as("sum of %s", key)
                    .isEqualByComparingTo(cell.sum);
        });
        assertThat(results.keySet().stream().filter(k -> complete.cells.containsKey(k)
                && results.get(k).status() == ResultStatus.CORRECTED)).as("published by the backfill").isNotEmpty();
        // The new data's windows that have closed carry their FINAL values, untouched by the backfill.
        long closed = finals.cells.entrySet().stream().filter(e -> results.containsKey(e.getKey())).peek(e -> {
            assertThat(results.get(e.getKey()).status()).isEqualTo(ResultStatus.FINAL);
            assertThat(results.get(e.getKey()).values().get("orders").asLong()).as("count of %s", e.getKey())
                    .isEqualTo(e.getValue().count);
        }).count();
        assertThat(closed).isPositive();

        // One dead letter per invalid record of either part, none twice.
        Map<String, Integer> letters = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> r : TopicReader.readAll(bootstrap, definition.deadLetterTopic())) {
            if (TOPIC.equals(TopicReader.header(r, DeadLetterHeaders.TOPIC))) {
                letters.merge(TopicReader.header(r, DeadLetterHeaders.PARTITION) + "/"
                        + TopicReader.header(r, DeadLetterHeaders.OFFSET), 1, Integer::sum);
            }
        }
        List<String> invalid = new ArrayList<>();
        ExpectedResults.of(backlog, definition.window().size(), definition.allowedLateness(), definition.dedupeHorizon())
                .invalid.forEach(s -> invalid.add(s.event().partition() + "/" + s.offset()));
        finals.invalid.forEach(s -> invalid.add(s.event().partition() + "/" + s.offset()));
        invalid.add("1/" + hugeAt.offset());
        assertThat(letters.keySet()).containsExactlyInAnyOrderElementsOf(invalid);
        assertThat(letters.values()).allMatch(n -> n == 1);
        // The oversized one carries the key of its value in the bucket, and the value is there, exact.
        ConsumerRecord<byte[], byte[]> hugeLetter = TopicReader.readAll(bootstrap, definition.deadLetterTopic()).stream()
                .filter(r -> TOPIC.equals(TopicReader.header(r, DeadLetterHeaders.TOPIC))
                        && Long.toString(hugeAt.offset()).equals(TopicReader.header(r, DeadLetterHeaders.OFFSET))
                        && "1".equals(TopicReader.header(r, DeadLetterHeaders.PARTITION)))
                .findFirst().orElseThrow();
        assertThat(hugeLetter.value()).isEmpty();
        assertThat(store.get(TopicReader.header(hugeLetter, DeadLetterHeaders.PAYLOAD))).hasValueSatisfying(
                v -> assertThat(v).isEqualTo(huge));

        // Every valid record landed once, the backlog's by the backfill.
        Map<String, Integer> landed = new TreeMap<>();
        for (String date : List.of("date=2026-04-01")) {
            for (ObjectStore.ObjectInfo o : store.list(ObjectKeys.raw("orders") + date + "/")) {
                RawSegment.read(store.get(o.key()).orElseThrow()).stream().filter(e -> e.source().topic().equals(TOPIC))
                        .forEach(e -> landed.merge(e.source().partition() + "/" + e.source().offset(), 1, Integer::sum));
            }
        }
        long valid = backlog.size() + live.size() + 1 - invalid.size();
        assertThat(landed).hasSize((int) valid);
        assertThat(landed.values()).allMatch(n -> n == 1);
    }

    /** The latest FINAL or CORRECTED record of every partial key of the backlog's day. */
    private static Map<String, ResultRecord> latest(List<ConsumerRecord<byte[], byte[]>> records) {
        Map<String, ResultRecord> out = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            String key = new String(r.key(), StandardCharsets.UTF_8);
            ResultRecord result = ResultRecord.parse(r.value());
            if (key.startsWith("orders|2026-04-01") && result.status() != ResultStatus.PROVISIONAL) {
                out.put(key, result);
            }
        }
        return out;
    }
}
