package dev.tandem.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.S3Exception;

class LocalStackTest {

    @TempDir
    Path dataDir;

    @Test
    void shouldKeepTopicsRecordsAndObjectsAcrossARestartOnTheSameDirectory() throws Exception {
        String firstBootstrap;
        String firstEndpoint;
        try (LocalStack stack = LocalStack.start(LocalStackOptions.inDirectory(dataDir))) {
            firstBootstrap = stack.kafkaBootstrapServers();
            firstEndpoint = stack.s3Endpoint().toString();
            assertThat(firstBootstrap).startsWith("127.0.0.1:");
            assertThat(firstEndpoint).startsWith("http://127.0.0.1:");
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.kafkaBootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic("orders", 3, (short) 1))).all().get();
            }
            stack.send("orders", List.of("first"));
            try (S3Client s3 = s3(stack)) {
                s3.putObject(b -> b.bucket(stack.bucket()).key("raw/x.ndjson"), RequestBody.fromString("{\"a\":1}\n"));
            }
        }

        try (LocalStack stack = LocalStack.start(LocalStackOptions.inDirectory(dataDir))) {
            assertThat(stack.kafkaBootstrapServers()).as("ports are reused when free").isEqualTo(firstBootstrap);
            assertThat(stack.s3Endpoint().toString()).isEqualTo(firstEndpoint);
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.kafkaBootstrapServers()))) {
                assertThat(admin.describeTopics(Set.of("orders")).allTopicNames().get().get("orders").partitions())
                        .hasSize(3);
            }
            assertThat(consumeAll(stack, "orders", 1)).containsExactly("first");
            try (S3Client s3 = s3(stack)) {
                String body = s3.getObjectAsBytes(b -> b.bucket(stack.bucket()).key("raw/x.ndjson"))
                        .asString(StandardCharsets.UTF_8);
                assertThat(body).isEqualTo("{\"a\":1}\n");
            }
        }
    }

    @Test
    void aFlatListingHoldsObjectsOnlyNotTheDirectoriesLeftByDeletes(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        try (LocalStack stack = LocalStack.start(LocalStackOptions.inDirectory(dir)); S3Client s3 = s3(stack)) {
            s3.putObject(b -> b.bucket(stack.bucket()).key("results/orders/current/a.json"), RequestBody.fromString("{}"));
            s3.putObject(b -> b.bucket(stack.bucket()).key("results/orders/runs/r1/x.json"), RequestBody.fromString("{}"));
            s3.deleteObject(b -> b.bucket(stack.bucket()).key("results/orders/current/a.json"));

            List<String> flat = s3.listObjectsV2Paginator(b -> b.bucket(stack.bucket()).prefix("results/")).contents()
                    .stream().map(software.amazon.awssdk.services.s3.model.S3Object::key).toList();
            List<String> top = s3.listObjectsV2(b -> b.bucket(stack.bucket()).prefix("results/orders/").delimiter("/"))
                    .commonPrefixes().stream().map(software.amazon.awssdk.services.s3.model.CommonPrefix::prefix).toList();

            assertThat(flat).containsExactly("results/orders/runs/r1/x.json");
            assertThat(top).contains("results/orders/runs/");
        }
    }

    @Test
    void slowWritesAndAFullDiskAffectWritesOnlyAndClearWithoutARestart() throws Exception {
        try (LocalStack stack = LocalStack.start(LocalStackOptions.inDirectory(dataDir)); S3Client s3 = s3(stack)) {
            s3.putObject(b -> b.bucket(stack.bucket()).key("a"), RequestBody.fromString("kept"));
            S3Faults faults = stack.s3Faults().writeLatency(Duration.ofMillis(400));
            long t0 = System.nanoTime();
            s3.putObject(b -> b.bucket(stack.bucket()).key("b"), RequestBody.fromString("slow"));
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
            assertThat(faults.delayedWrites()).isEqualTo(1);

            faults.clear().diskFull(true);
            assertThatThrownBy(() -> s3.putObject(b -> b.bucket(stack.bucket()).key("c"), RequestBody.fromString("x")))
                    .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(507));
            assertThat(faults.refusedWrites()).isPositive();
            assertThat(s3.getObjectAsBytes(b -> b.bucket(stack.bucket()).key("a")).asUtf8String())
                    .as("a full disk still serves what it holds").isEqualTo("kept");
            s3.deleteObject(b -> b.bucket(stack.bucket()).key("b"));

            faults.diskFull(false);
            s3.putObject(b -> b.bucket(stack.bucket()).key("c"), RequestBody.fromString("x"));
            assertThat(s3.getObjectAsBytes(b -> b.bucket(stack.bucket()).key("c")).asUtf8String()).isEqualTo("x");
        }
    }

    @Test
    void aRestartedBrokerServesTheSameTopicsAndRecordsOnTheSamePort() throws Exception {
        try (LocalStack stack = LocalStack.start(LocalStackOptions.inDirectory(dataDir))) {
            String bootstrap = stack.kafkaBootstrapServers();
            stack.createTopics(Map.of("restarted", 2));
            stack.send("restarted", List.of("before"));
            stack.kafkaRestart(Duration.ofSeconds(1));
            assertThat(stack.kafkaBootstrapServers()).isEqualTo(bootstrap);
            stack.send("restarted", List.of("after"));
            assertThat(consumeAll(stack, "restarted", 2)).containsExactlyInAnyOrder("before", "after");
        }
    }

    @Test
    void shouldRejectRequestsSignedWithWrongCredentials() throws Exception {
        try (LocalStack stack = LocalStack.start(LocalStackOptions.inDirectory(dataDir));
                S3Client wrong = S3Client.builder()
                        .endpointOverride(stack.s3Endpoint())
                        .region(Region.of(stack.region()))
                        .credentialsProvider(StaticCredentialsProvider.create(
                                AwsBasicCredentials.create(stack.s3AccessKey(), "not-the-secret")))
                        .forcePathStyle(true)
                        .httpClient(UrlConnectionHttpClient.create())
                        .build()) {
            assertThatThrownBy(() -> wrong.listObjectsV2(b -> b.bucket(stack.bucket())))
                    .isInstanceOf(S3Exception.class)
                    .satisfies(e -> assertThat(((S3Exception) e).statusCode()).isEqualTo(403));
        }
    }

    @Test
    void shouldWriteTheClientConfigurationToTheDataDirectory() throws Exception {
        try (LocalStack stack = LocalStack.start(LocalStackOptions.inDirectory(dataDir))) {
            String file = java.nio.file.Files.readString(stack.configFile());
            assertThat(file)
                    .contains("kafka.bootstrap.servers=" + stack.kafkaBootstrapServers())
                    .contains("quarkus.s3.endpoint-override=" + stack.s3Endpoint())
                    .contains("quarkus.s3.path-style-access=true")
                    .contains("tandem.s3.bucket=tandem");
        }
    }

    @Test
    void shouldNameTheParameterWhenOptionsAreInvalid() {
        assertThatThrownBy(() -> LocalStackMain.parse(new String[] {"--kafka-port", "ninety"}))
                .hasMessageContaining("--kafka-port").hasMessageContaining("ninety");
        assertThatThrownBy(() -> new LocalStackOptions(dataDir, 70000, 0, "tandem", "us-east-1"))
                .hasMessageContaining("kafkaPort").hasMessageContaining("70000");
        assertThatThrownBy(() -> new LocalStackOptions(dataDir, 0, 0, "Bad_Bucket", "us-east-1"))
                .hasMessageContaining("bucket").hasMessageContaining("Bad_Bucket");
    }

    static S3Client s3(LocalStack stack) {
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

    private static List<String> consumeAll(LocalStack stack, String topic, int expected) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "local-stack-test",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()))) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (values.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
            }
        }
        return values;
    }
}
