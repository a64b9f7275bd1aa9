package dev.tandem.localstack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.utils.Time;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;

/**
 * One Apache Kafka node acting as both broker and KRaft controller, the way a single-node
 * production cluster runs: its log directory is formatted once with {@code kafka-storage format}
 * (through {@link StorageTool}) and then served by {@link KafkaRaftServer}.
 */
final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final KafkaRaftServer server;
    private final String bootstrapServers;

    private EmbeddedKafkaBroker(KafkaRaftServer server, String bootstrapServers) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
    }

    static EmbeddedKafkaBroker start(Path dir, String clusterId, int port, int controllerPort) throws IOException {
        Path logDir = dir.resolve("log");
        Files.createDirectories(logDir);
        Properties props = serverProperties(logDir, port, controllerPort);
        Path configFile = dir.resolve("server.properties");
        try (Writer out = Files.newBufferedWriter(configFile, StandardCharsets.UTF_8)) {
            props.store(out, "Tandem local stack: single-node KRaft broker+controller");
        }
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            format(configFile, clusterId);
        }
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        server.startup();
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(server, LocalStack.HOST + ":" + port);
        try {
            broker.awaitReady();
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
        return broker;
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    private static Properties serverProperties(Path logDir, int port, int controllerPort) {
        Properties p = new Properties();
        p.putAll(Map.ofEntries(
                Map.entry("process.roles", "broker,controller"),
                Map.entry("node.id", "1"),
                Map.entry("controller.quorum.voters", "1@" + LocalStack.HOST + ":" + controllerPort),
                Map.entry("listeners", "PLAINTEXT://" + LocalStack.HOST + ":" + port
                        + ",CONTROLLER://" + LocalStack.HOST + ":" + controllerPort),
                Map.entry("advertised.listeners", "PLAINTEXT://" + LocalStack.HOST + ":" + port),
                Map.entry("controller.listener.names", "CONTROLLER"),
                Map.entry("inter.broker.listener.name", "PLAINTEXT"),
                Map.entry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"),
                Map.entry("log.dirs", logDir.toAbsolutePath().toString()),
                // One node: every internal topic has one replica.
                Map.entry("offsets.topic.replication.factor", "1"),
                Map.entry("offsets.topic.num.partitions", "4"),
                Map.entry("transaction.state.log.replication.factor", "1"),
                Map.entry("transaction.state.log.min.isr", "1"),
                Map.entry("transaction.state.log.num.partitions", "4"),
                Map.entry("share.coordinator.state.topic.replication.factor", "1"),
                Map.entry("share.coordinator.state.topic.min.isr", "1"),
                // Tests and the demo join groups often; do not wait for more members.
                Map.entry("group.initial.rebalance.delay.ms", "0"),
                Map.entry("num.partitions", "1"),
                Map.entry("auto.create.topics.enable", "true")));
        return p;
    }

    private static void format(Path configFile, String clusterId) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int exit;
        try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            exit = StorageTool.execute(new String[] {"format", "--cluster-id", clusterId, "--config",
                    configFile.toAbsolutePath().toString(), "--ignore-formatted"}, out);
        }
        if (exit != 0) {
            throw new IllegalStateException("kafka-storage format failed (exit " + exit + ") for " + configFile + ": "
                    + output.toString(StandardCharsets.UTF_8));
        }
    }

    /** The broker answers metadata requests once it has registered with its controller. */
    private void awaitReady() {
        Map<String, Object> config = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) READY_TIMEOUT.toMillis());
        try (Admin admin = Admin.create(config)) {
            int nodes = admin.describeCluster().nodes().get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).size();
            if (nodes != 1) {
                throw new IllegalStateException("Kafka at " + bootstrapServers + " reports " + nodes + " nodes, expected 1");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for Kafka at " + bootstrapServers, e);
        } catch (Exception e) {
            throw new IllegalStateException("Kafka at " + bootstrapServers + " did not become ready within "
                    + READY_TIMEOUT, e);
        }
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }
}
