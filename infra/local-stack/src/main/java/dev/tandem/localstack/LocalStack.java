package dev.tandem.localstack;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A real Kafka broker and a real S3-compatible server, both on {@value #HOST}, started together
 * and stopped together.
 *
 * <p>Everything lives in {@link LocalStackOptions#dataDir()}: starting again on the same directory
 * keeps topics, offsets and objects, and reuses the ports and S3 credentials of the previous start
 * when it can. The S3 credentials are random, generated at the first start.
 */
public final class LocalStack implements AutoCloseable {

    /** The only address the stack binds to or advertises. */
    public static final String HOST = "127.0.0.1";

    private final LocalStackOptions options;
    private final LocalStackState state;
    private volatile EmbeddedKafkaBroker kafka;
    private volatile EmbeddedS3Server s3;
    private final Duration kafkaStartup;
    private final Duration s3Startup;
    private final DevTokens tokens;
    private final S3Faults s3Faults;

    private LocalStack(LocalStackOptions options, LocalStackState state, EmbeddedKafkaBroker kafka,
            EmbeddedS3Server s3, Duration kafkaStartup, Duration s3Startup, DevTokens tokens, S3Faults s3Faults) {
        this.options = options;
        this.state = state;
        this.kafka = kafka;
        this.s3 = s3;
        this.kafkaStartup = kafkaStartup;
        this.s3Startup = s3Startup;
        this.tokens = tokens;
        this.s3Faults = s3Faults;
    }

    /** Starts both servers and writes {@value LocalStackState#FILE_NAME} into the data directory. */
    public static LocalStack start(LocalStackOptions options) throws Exception {
        Path dataDir = options.dataDir().toAbsolutePath();
        Files.createDirectories(dataDir);
        LocalStackState previous = LocalStackState.read(dataDir).orElse(null);
        int kafkaPort = FreePorts.choose(options.kafkaPort(), previous != null ? previous.kafkaPort() : 0);
        int controllerPort = FreePorts.choose(0, previous != null ? previous.controllerPort() : 0, kafkaPort);
        int s3Port = FreePorts.choose(options.s3Port(), previous != null ? previous.s3Port() : 0, kafkaPort,
                controllerPort);
        LocalStackState state = new LocalStackState(
                previous != null ? previous.clusterId() : Uuid.randomUuid().toString(),
                kafkaPort,
                controllerPort,
                s3Port,
                previous != null ? previous.accessKey() : "tandem-" + randomHex(6),
                previous != null ? previous.secretKey() : randomHex(24),
                previous != null && previous.maskingKey() != null ? previous.maskingKey()
                        : Base64.getEncoder().encodeToString(randomBytes(32)));

        long t0 = System.nanoTime();
        EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(dataDir.resolve("kafka"), state.clusterId(),
                state.kafkaPort(), state.controllerPort());
        long t1 = System.nanoTime();
        EmbeddedS3Server s3;
        S3Faults faults = new S3Faults();
        try {
            s3 = EmbeddedS3Server.start(dataDir.resolve("s3"), state.s3Port(), state.accessKey(), state.secretKey(),
                    options.bucket(), faults);
        } catch (Exception e) {
            kafka.close();
            throw e;
        }
        long t2 = System.nanoTime();
        LocalStack stack = new LocalStack(options, state, kafka, s3, Duration.ofNanos(t1 - t0),
                Duration.ofNanos(t2 - t1), DevTokens.in(dataDir.resolve("jwt")), faults);
        state.write(dataDir, stack.quarkusConfig());
        return stack;
    }

    /** {@code host:port} of the broker's PLAINTEXT listener. */
    public String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** The S3 endpoint; clients must use path-style access. */
    public URI s3Endpoint() {
        return s3.endpoint();
    }

    public String s3AccessKey() {
        return state.accessKey();
    }

    public String s3SecretKey() {
        return state.secretKey();
    }

    public String region() {
        return options.region();
    }

    /** The bucket created at start. */
    public String bucket() {
        return options.bucket();
    }

    public Duration kafkaStartup() {
        return kafkaStartup;
    }

    public Duration s3Startup() {
        return s3Startup;
    }

    /** Where the stack keeps its data (the S3 server's objects are files under {@code s3/<bucket>/}). */
    public Path dataDir() {
        return options.dataDir().toAbsolutePath();
    }

    /** The properties file holding {@link #quarkusConfig()} for functions started outside this JVM. */
    public Path configFile() {
        return options.dataDir().toAbsolutePath().resolve(LocalStackState.FILE_NAME);
    }

    /**
     * The configuration that points a Tandem function at this stack: the Kafka connector's
     * bootstrap servers, the Quarkiverse S3 client's endpoint, region, static credentials and
     * path-style access, and the bucket.
     */
    public Map<String, String> quarkusConfig() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("kafka.bootstrap.servers", kafkaBootstrapServers());
        config.put("quarkus.s3.endpoint-override", s3Endpoint().toString());
        config.put("quarkus.s3.aws.region", region());
        config.put("quarkus.s3.aws.credentials.type", "static");
        config.put("quarkus.s3.aws.credentials.static-provider.access-key-id", s3AccessKey());
        config.put("quarkus.s3.aws.credentials.static-provider.secret-access-key", s3SecretKey());
        config.put("quarkus.s3.path-style-access", "true");
        // S3Proxy does not accept aws-chunked uploads with trailing checksums, the SDK's default.
        config.put("quarkus.s3.chunked-encoding", "false");
        config.put("tandem.s3.bucket", bucket());
        // A random key for HMAC masking of PII, so local runs need no secret from anywhere.
        config.put("tandem.masking.key", state.maskingKey());
        // Bearer tokens for the batch function: verified with the stack's public key (see devTokens()).
        config.put("mp.jwt.verify.publickey.location", tokens.publicKey().toString());
        config.put("mp.jwt.verify.issuer", DevTokens.ISSUER);
        config.put("mp.jwt.verify.audiences", DevTokens.AUDIENCE);
        return config;
    }

    /**
     * Stops the S3 server, as an outage would, until the returned handle is closed, which starts
     * it again on the same port with the same objects. For tests of what happens while S3 is
     * unreachable.
     */
    public synchronized AutoCloseable s3Outage() {
        s3.close();
        return () -> {
            synchronized (this) {
                s3 = EmbeddedS3Server.start(dataDir().resolve("s3"), state.s3Port(), state.accessKey(),
                        state.secretKey(), options.bucket(), s3Faults);
            }
        };
    }

    /** Slow writes and a full disk on the S3 server, switched while it runs (see {@link S3Faults}). */
    public S3Faults s3Faults() {
        return s3Faults;
    }

    /**
     * Stops the broker (a clean shutdown: it leads every partition, so nothing is acknowledged and
     * then lost), keeps it down for {@code downtime}, and starts it again on the same ports and log
     * directory. Clients see the connection refused meanwhile, then the same cluster again.
     */
    public synchronized void kafkaRestart(Duration downtime) throws Exception {
        kafka.close();
        Thread.sleep(downtime.toMillis());
        kafka = EmbeddedKafkaBroker.start(dataDir().resolve("kafka"), state.clusterId(), state.kafkaPort(),
                state.controllerPort());
    }

    /** Signs bearer tokens the functions started with {@link #quarkusConfig()} accept. */
    public DevTokens devTokens() {
        return tokens;
    }

    /** Creates topics with the given partition counts; existing ones are left as they are. */
    public void createTopics(Map<String, Integer> partitionsByTopic) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrapServers()))) {
            for (Map.Entry<String, Integer> e : partitionsByTopic.entrySet()) {
                try {
                    admin.createTopics(List.of(new NewTopic(e.getKey(), e.getValue(), (short) 1))).all().get();
                } catch (ExecutionException ex) {
                    if (!(ex.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("Could not create topic " + e.getKey() + ": "
                                + ex.getCause().getMessage(), ex.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topics", e);
        }
    }

    /** Sends string records (null keys) to a topic and waits until the broker has them all. */
    public void send(String topic, List<String> values) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()))) {
            for (String value : values) {
                producer.send(new ProducerRecord<>(topic, value));
            }
            producer.flush();
        }
    }

    @Override
    public void close() {
        try {
            s3.close();
        } finally {
            kafka.close();
        }
    }

    private static String randomHex(int bytes) {
        return HexFormat.of().formatHex(randomBytes(bytes));
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new SecureRandom().nextBytes(b);
        return b;
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
