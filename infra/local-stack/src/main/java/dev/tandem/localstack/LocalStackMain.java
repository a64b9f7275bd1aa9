package dev.tandem.localstack;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the local stack standalone for dev mode and the demo, until Ctrl-C or SIGTERM.
 *
 * <pre>
 * java -jar infra/local-stack/target/tandem-local-stack.jar [--data-dir DIR] [--kafka-port N] [--s3-port N] [--bucket NAME]
 * </pre>
 */
public final class LocalStackMain {

    private LocalStackMain() {
    }

    public static void main(String[] args) throws Exception {
        LocalStackOptions options;
        Map<String, Integer> topics = new java.util.LinkedHashMap<>();
        try {
            java.util.List<String> rest = new java.util.ArrayList<>();
            for (int i = 0; i < args.length; i++) {
                if (args[i].equals("--topics") && i + 1 < args.length) {
                    topics = topics(args[++i]);
                } else {
                    rest.add(args[i]);
                }
            }
            options = parse(rest.toArray(String[]::new));
        } catch (IllegalArgumentException e) {
            System.err.println("tandem-local-stack: " + e.getMessage());
            System.err.println(usage());
            System.exit(2);
            return;
        }
        LocalStack stack = LocalStack.start(options);
        stack.createTopics(topics);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Tandem local stack: stopping");
            stack.close();
            System.out.println("Tandem local stack: stopped");
            stopped.countDown();
        }, "tandem-local-stack-stop"));

        System.out.printf("Tandem local stack is up (data in %s)%n", options.dataDir().toAbsolutePath());
        System.out.printf("  Kafka  %s   (KRaft broker+controller, started in %d ms)%n", stack.kafkaBootstrapServers(),
                stack.kafkaStartup().toMillis());
        System.out.printf("  S3     %s   (bucket %s, started in %d ms)%n", stack.s3Endpoint(), stack.bucket(),
                stack.s3Startup().toMillis());
        System.out.println("Properties for a function (also in " + stack.configFile() + "):");
        for (Map.Entry<String, String> e : stack.quarkusConfig().entrySet()) {
            System.out.println("  " + e.getKey() + "=" + e.getValue());
        }
        System.out.println("Ctrl-C stops it; data is kept.");
        System.out.println("READY " + stack.configFile());
        stopped.await();
    }

    static LocalStackOptions parse(String[] args) {
        Path dataDir = Path.of("target", "local-stack");
        int kafkaPort = 0;
        int s3Port = 0;
        String bucket = LocalStackOptions.DEFAULT_BUCKET;
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (name.equals("--help") || name.equals("-h")) {
                throw new IllegalArgumentException("usage");
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + name + " needs a value");
            }
            String value = args[++i];
            switch (name) {
                case "--data-dir" -> dataDir = Path.of(value);
                case "--kafka-port" -> kafkaPort = port(name, value);
                case "--s3-port" -> s3Port = port(name, value);
                case "--bucket" -> bucket = value;
                default -> throw new IllegalArgumentException("unknown option " + name);
            }
        }
        return new LocalStackOptions(dataDir, kafkaPort, s3Port, bucket, LocalStackOptions.DEFAULT_REGION);
    }

    private static int port(String name, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option " + name + " takes a port number (was: " + value + ")");
        }
    }

    private static String usage() {
        return "usage: tandem-local-stack [--data-dir DIR (default target/local-stack)] [--kafka-port N] "
                + "[--s3-port N] [--bucket NAME (default tandem)] [--topics NAME:PARTITIONS,...]";
    }

    /** {@code orders:3,orders.results:3}: topics to create (existing ones are kept). */
    static Map<String, Integer> topics(String spec) {
        Map<String, Integer> topics = new java.util.LinkedHashMap<>();
        for (String t : spec.split(",")) {
            String[] parts = t.trim().split(":");
            try {
                topics.put(parts[0], parts.length > 1 ? Integer.parseInt(parts[1]) : 1);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--topics takes NAME:PARTITIONS,... (was " + spec + ")");
            }
        }
        return topics;
    }
}
