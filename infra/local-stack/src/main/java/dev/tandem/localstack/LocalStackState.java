package dev.tandem.localstack;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * What a stack must remember across restarts of the same data directory: the Kafka cluster id
 * (its log is formatted for it), the ports (so running clients reconnect) and the S3 credentials
 * and the PII masking key (generated once, never stored in the repository). It is kept in the same properties file that
 * functions load as configuration, under a {@code localstack.} prefix.
 */
record LocalStackState(String clusterId, int kafkaPort, int controllerPort, int s3Port, String accessKey,
        String secretKey, String maskingKey) {

    static final String FILE_NAME = "local-stack.properties";
    /** Outside {@code tandem.}, which the functions validate strictly as their own configuration. */
    private static final String PREFIX = "localstack.";
    /** Where earlier versions kept the same keys. */
    private static final String OLD_PREFIX = "tandem.local-stack.";

    static Optional<LocalStackState> read(Path dataDir) throws IOException {
        Path file = dataDir.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        }
        return Optional.of(new LocalStackState(
                required(p, file, "kafka.cluster-id"),
                Integer.parseInt(required(p, file, "kafka.port")),
                Integer.parseInt(required(p, file, "kafka.controller-port")),
                Integer.parseInt(required(p, file, "s3.port")),
                required(p, file, "s3.access-key"),
                required(p, file, "s3.secret-key"),
                // Added later: a data directory from before gets a key at its next start.
                optional(p, "masking-key")));
    }

    /** Writes the state followed by the client configuration, sorted so the file diffs well. */
    void write(Path dataDir, Map<String, String> clientConfig) throws IOException {
        Map<String, String> all = new TreeMap<>(clientConfig);
        all.put(PREFIX + "kafka.cluster-id", clusterId);
        all.put(PREFIX + "kafka.port", Integer.toString(kafkaPort));
        all.put(PREFIX + "kafka.controller-port", Integer.toString(controllerPort));
        all.put(PREFIX + "s3.port", Integer.toString(s3Port));
        all.put(PREFIX + "s3.access-key", accessKey);
        all.put(PREFIX + "s3.secret-key", secretKey);
        all.put(PREFIX + "masking-key", maskingKey);
        Path tmp = dataDir.resolve(FILE_NAME + ".tmp");
        try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            out.write("# Written by the Tandem local stack. Load it into a function with\n");
            out.write("#   -Dsmallrye.config.locations=<this file>\n");
            for (Map.Entry<String, String> e : all.entrySet()) {
                out.write(e.getKey() + "=" + e.getValue() + "\n");
            }
        }
        Files.move(tmp, dataDir.resolve(FILE_NAME), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static String optional(Properties p, String key) {
        return p.getProperty(PREFIX + key, p.getProperty(OLD_PREFIX + key));
    }

    private static String required(Properties p, Path file, String key) {
        String value = optional(p, key);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("Local stack state " + file + " lacks " + PREFIX + key
                    + "; delete the data directory to start afresh");
        }
        return value;
    }
}
