package dev.tandem.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Points a {@code @QuarkusTest} at the local stack: {@code @QuarkusTestResource(LocalStackTestResource.class)}.
 *
 * <p>One stack serves the whole test JVM, whatever number of test classes, profiles and Quarkus
 * restarts use it; it is stopped and its temporary directory deleted when the JVM exits. Tests
 * that need isolation use their own topic names and object keys.
 */
public class LocalStackTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return SharedStack.INSTANCE.stack().quarkusConfig();
    }

    @Override
    public void stop() {
        // The stack outlives this Quarkus application: the next test class reuses it.
    }

    /** The stack of this JVM, for tests that talk to Kafka or S3 directly. */
    public static LocalStack stack() {
        return SharedStack.INSTANCE.stack();
    }

    /** Lazily started on first use, which is why it is a holder and not a static field. */
    private enum SharedStack {
        INSTANCE;

        private final LocalStack stack;

        SharedStack() {
            try {
                Path dir = Files.createTempDirectory("tandem-local-stack-");
                stack = LocalStack.start(LocalStackOptions.inDirectory(dir));
                System.out.printf("Tandem local stack for tests: Kafka %s (started in %d ms), S3 %s (started in %d ms)%n",
                        stack.kafkaBootstrapServers(), stack.kafkaStartup().toMillis(), stack.s3Endpoint(),
                        stack.s3Startup().toMillis());
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    stack.close();
                    try {
                        LocalStack.deleteRecursively(dir);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }, "tandem-local-stack-stop"));
            } catch (Exception e) {
                throw new IllegalStateException("Could not start the Tandem local stack for tests", e);
            }
        }

        LocalStack stack() {
            return stack;
        }
    }
}
