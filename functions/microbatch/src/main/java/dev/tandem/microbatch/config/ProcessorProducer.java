package dev.tandem.microbatch.config;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.tandem.engine.microbatch.BatchTracing;
import dev.tandem.engine.microbatch.FaultInjector;
import dev.tandem.engine.microbatch.MicroBatchMetrics;
import dev.tandem.engine.microbatch.MicroBatchProcessor;
import dev.tandem.engine.microbatch.MicroBatchSettings;
import dev.tandem.engine.pacing.BatchAssembler;
import dev.tandem.engine.pacing.Pacing;
import dev.tandem.function.io.DeadLetterReader;
import dev.tandem.function.io.SourcePartitions;
import dev.tandem.function.io.KafkaRecordSink;
import dev.tandem.function.io.S3ObjectStore;
import dev.tandem.microbatch.config.TandemConfig;
import dev.tandem.microbatch.observability.LineageReporter;
import dev.tandem.microbatch.observability.MicrometerMetrics;
import dev.tandem.microbatch.observability.PacingReporting;
import dev.tandem.shared.definition.PipelineDefinition;
import dev.tandem.shared.decode.RecordDecoder;
import io.smallrye.common.annotation.Identifier;
import software.amazon.awssdk.services.s3.S3Client;

/** Wires the processor to the configured S3 bucket and Kafka cluster. */
public class ProcessorProducer {

    @Produces
    @Singleton
    KafkaRecordSink sink(@Identifier("default-kafka-broker") Map<String, Object> kafka, PipelineDefinition definition) {
        return KafkaRecordSink.create(kafka, "tandem-microbatch-" + definition.name());
    }

    void close(@Disposes KafkaRecordSink sink) {
        sink.close();
    }

    @Produces
    @Singleton
    MicroBatchProcessor processor(PipelineDefinition definition, RecordDecoder decoder, S3Client s3,
            KafkaRecordSink sink, TandemConfig config, MicrometerMetrics metrics, LineageReporter lineage,
            BatchTracing tracing, FaultInjector faults, @Identifier("default-kafka-broker") Map<String, Object> kafka) {
        TandemConfig.Microbatch mb = config.microbatch();
        DeadLetterReader deadLetters = new DeadLetterReader(kafka, mb.emitTimeout());
        return new MicroBatchProcessor(definition, decoder, new S3ObjectStore(s3, config.s3().bucket()), sink,
                new MicroBatchSettings(mb.provisional(), mb.checkpointsKept(), mb.emitTimeout(), mb.deltasPerFull(),
                        lineage.runId().toString()),
                MicroBatchMetrics.all(metrics, lineage), tracing, faults,
                (partition, from, since) -> deadLetters.deadLettered(definition.deadLetterTopic(),
                        definition.source().topic(), partition, from, since),
                Clock.systemUTC());
    }

    /** The source topic's partitions and their pull owners, for the push trigger's guard. */
    @Produces
    @Singleton
    SourcePartitions sourcePartitions(@Identifier("default-kafka-broker") Map<String, Object> kafka,
            PipelineDefinition definition,
            @ConfigProperty(name = "mp.messaging.incoming.source.group.id") String groupId) {
        return new SourcePartitions(kafka, definition.source().topic(), groupId, Duration.ofSeconds(30),
                Duration.ofSeconds(1));
    }

    void close(@Disposes SourcePartitions partitions) {
        partitions.close();
    }

    /** Holds what the pull consumer read until the partition's pacing makes a batch of it. */
    @Produces
    @Singleton
    BatchAssembler assembler(PipelineDefinition definition, PacingReporting reporting) {
        return new BatchAssembler(partition -> Pacing.of(definition.freshness()), reporting, System::nanoTime,
                Clock.systemUTC());
    }

    /** No faults in production; tests replace this bean. */
    @Produces
    @Singleton
    @io.quarkus.arc.DefaultBean
    FaultInjector faults() {
        return FaultInjector.NONE;
    }
}
