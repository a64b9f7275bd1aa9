package dev.tandem.batch.config;

import java.time.Clock;
import java.util.Map;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import dev.tandem.function.io.ResultsTopicReader;
import dev.tandem.engine.batch.run.BackfillSources;
import dev.tandem.engine.batch.run.BatchRuns;
import dev.tandem.engine.batch.run.BatchSettings;
import dev.tandem.engine.batch.run.RunObserver;
import dev.tandem.batch.security.AuditLog;
import dev.tandem.function.io.DeadLetterReader;
import dev.tandem.function.io.KafkaPartitionLog;
import dev.tandem.function.io.KafkaRecordSink;
import dev.tandem.function.io.S3ObjectStore;
import dev.tandem.shared.decode.RecordDecoder;
import dev.tandem.shared.definition.PipelineDefinition;
import dev.tandem.shared.storage.ObjectStore;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import software.amazon.awssdk.services.s3.S3Client;

/** The batch function's parts, wired from configuration. An invalid pipeline file stops start-up. */
public class BatchProducers {

    private static final Logger LOG = Logger.getLogger(BatchProducers.class);

    /** Records per compacted segment: large enough to cut object counts a hundredfold, small enough to merge in memory. */
    private static final int COMPACT_TARGET = 100_000;
    /** Records a backfill lands per chunk (one segment per event hour each): a throughput-sized micro-batch. */
    private static final int BACKFILL_CHUNK = 10_000;

    /**
     * Reads the pipeline at start-up, so an invalid file stops the function with its problems, not a
     * call later; builds the runs, with their S3 and Kafka clients, then rather than in the first
     * call; and reaches the bucket once (the S3 client is built at its first call), saying now if it
     * cannot — not fatal: S3 may be back before the first call.
     */
    void loadPipelineAtStartup(@Observes StartupEvent event, PipelineDefinition definition, BatchRuns runs,
            S3ObjectStore store) {
        LOG.infof("Serving pipeline '%s' (state layout %s, backfill %s)", definition.name(),
                dev.tandem.shared.state.StateLayout.of(definition).fingerprint(), runs.canBackfill() ? "on" : "off");
        store.problem().ifPresent(p -> LOG.warnf("Pipeline '%s': S3 not reachable at start-up: %s; calls fail until it is",
                definition.name(), p));
    }

    @Produces
    @Singleton
    PipelineDefinition definition(BatchConfig config) {
        return config.pipeline().load();
    }

    @Produces
    @Singleton
    S3ObjectStore store(S3Client s3, BatchConfig config) {
        return new S3ObjectStore(s3, config.s3().bucket());
    }

    @Produces
    @Singleton
    KafkaRecordSink sink(@Identifier("default-kafka-broker") Map<String, Object> kafka, PipelineDefinition definition) {
        return KafkaRecordSink.create(kafka, "tandem-batch-" + definition.name());
    }

    void close(@Disposes KafkaRecordSink sink) {
        sink.close();
    }

    @Produces
    @Singleton
    BatchRuns runs(PipelineDefinition definition, ObjectStore store, KafkaRecordSink sink,
            @Identifier("default-kafka-broker") Map<String, Object> kafka, BatchConfig config, RunObserver observer) {
        BatchConfig.Batch b = config.batch();
        return new BatchRuns(definition, store, new ResultsTopicReader(kafka), sink,
                new BatchSettings(b.maxRange(), b.resultsReadTimeout(), b.emitTimeout(), COMPACT_TARGET), observer,
                Clock.systemUTC(), b.concurrentRuns(), backfill(definition, kafka, config));
    }

    /**
     * What backfills read and land with: the source topic by offsets, and the micro-batch function's
     * decoder — which needs the masking key when the pipeline masks with an HMAC. Without it this
     * instance cannot backfill (said at start-up, and by {@code /backfill}); everything else works.
     */
    private static BackfillSources backfill(PipelineDefinition definition, Map<String, Object> kafka,
            BatchConfig config) {
        RecordDecoder decoder;
        try {
            decoder = config.masking().decoder(definition);
        } catch (IllegalStateException e) {
            LOG.warnf("Backfill is off for pipeline '%s': %s", definition.name(), e.getMessage());
            return null;
        }
        String topic = definition.source().topic();
        DeadLetterReader deadLetters = new DeadLetterReader(kafka, config.batch().emitTimeout());
        return new BackfillSources(() -> new KafkaPartitionLog(kafka, topic, "tandem-backfill-" + definition.name(),
                BACKFILL_CHUNK), decoder, (partition, from, since) -> deadLetters.deadLettered(
                        definition.deadLetterTopic(), topic, partition, from, since),
                config.batch().backfillLiveWait(), BACKFILL_CHUNK);
    }

    void close(@Disposes BatchRuns runs) {
        runs.close();
    }

    @Produces
    @Singleton
    AuditLog audit(ObjectStore store, PipelineDefinition definition) {
        return new AuditLog(store, definition.name(), Clock.systemUTC());
    }
}
