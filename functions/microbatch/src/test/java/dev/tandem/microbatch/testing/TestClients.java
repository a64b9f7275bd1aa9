package dev.tandem.microbatch.testing;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;

import dev.tandem.function.io.DeadLetterReader;
import dev.tandem.function.io.KafkaRecordSink;
import dev.tandem.engine.microbatch.DeadLetterHistory;
import dev.tandem.function.io.S3ObjectStore;
import dev.tandem.localstack.LocalStack;
import dev.tandem.engine.microbatch.BatchTracing;
import dev.tandem.engine.microbatch.FaultInjector;
import dev.tandem.engine.microbatch.MicroBatchMetrics;
import dev.tandem.engine.microbatch.MicroBatchProcessor;
import dev.tandem.engine.microbatch.MicroBatchSettings;
import dev.tandem.shared.definition.PipelineDefinition;
import dev.tandem.shared.masking.Masker;
import dev.tandem.shared.decode.RecordDecoder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/** Real clients for the local stack, and processors built on them outside CDI. */
public final class TestClients {

    private TestClients() {
    }

    public static S3Client s3(LocalStack stack) {
        return S3Client.builder()
                .endpointOverride(stack.s3Endpoint())
                .region(Region.of(stack.region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(stack.s3AccessKey(), stack.s3SecretKey())))
                .forcePathStyle(true)
                .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build())
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    public static KafkaRecordSink sink(LocalStack stack) {
        return KafkaRecordSink.create(Map.of("bootstrap.servers", stack.kafkaBootstrapServers()), "test-sink");
    }

    public static MicroBatchProcessor processor(LocalStack stack, S3Client s3, KafkaRecordSink sink,
            PipelineDefinition definition, FaultInjector faults, Clock clock) {
        byte[] key = Base64.getDecoder().decode(stack.quarkusConfig().get("tandem.masking.key")
                .getBytes(StandardCharsets.US_ASCII));
        return new MicroBatchProcessor(definition, RecordDecoder.of(definition, Masker.of(definition.pii(), key)),
                new S3ObjectStore(s3, stack.bucket()), sink,
                // Few deltas per full checkpoint, so restores here go through fulls, delta chains and pruning.
                new MicroBatchSettings(false, 2, java.time.Duration.ofSeconds(30), 4), MicroBatchMetrics.NONE,
                BatchTracing.NONE, faults, deadLetterHistory(stack, definition), clock);
    }

    /** The dead letters on the local stack's topic, read back as the function does. */
    public static DeadLetterHistory deadLetterHistory(LocalStack stack, PipelineDefinition definition) {
        DeadLetterReader reader = new DeadLetterReader(Map.of("bootstrap.servers", stack.kafkaBootstrapServers()),
                java.time.Duration.ofSeconds(30));
        return (partition, from, since) -> reader.deadLettered(definition.deadLetterTopic(), definition.source().topic(),
                partition, from, since);
    }
}
