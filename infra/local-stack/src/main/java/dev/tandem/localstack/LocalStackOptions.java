package dev.tandem.localstack;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How to start a {@link LocalStack}.
 *
 * @param dataDir    where the broker's log and the S3 objects live; reusing it keeps topics and objects
 * @param kafkaPort  the broker's client port; 0 reuses the port of the previous start in {@code dataDir},
 *                   or picks a free one
 * @param s3Port     the S3 server's port; 0 as for {@code kafkaPort}
 * @param bucket     a bucket created at start if it does not exist
 * @param region     the region clients sign requests for
 */
public record LocalStackOptions(Path dataDir, int kafkaPort, int s3Port, String bucket, String region) {

    public static final String DEFAULT_BUCKET = "tandem";
    public static final String DEFAULT_REGION = "us-east-1";

    public LocalStackOptions {
        Objects.requireNonNull(dataDir, "dataDir");
        requirePort("kafkaPort", kafkaPort);
        requirePort("s3Port", s3Port);
        if (bucket == null || !bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
            throw new IllegalArgumentException("Invalid value for parameter \"bucket\" (value was: " + bucket
                    + "): use 3 to 63 lower-case letters, digits, dots or hyphens");
        }
        Objects.requireNonNull(region, "region");
    }

    /** Free ports, the default bucket and region, data in {@code dataDir}. */
    public static LocalStackOptions inDirectory(Path dataDir) {
        return new LocalStackOptions(dataDir, 0, 0, DEFAULT_BUCKET, DEFAULT_REGION);
    }

    private static void requirePort(String name, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(
                    "Invalid value for parameter \"" + name + "\" (value was: " + port + "): use 0 (free port) to 65535");
        }
    }
}
