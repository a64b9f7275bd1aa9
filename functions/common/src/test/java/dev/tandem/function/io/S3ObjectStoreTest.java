package dev.tandem.function.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tandem.localstack.LocalStack;
import dev.tandem.localstack.LocalStackOptions;
import dev.tandem.shared.storage.ObjectStore.ObjectStoreException;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * Against the real S3 server: a GET whose connection drops mid-body never passes for the object; a
 * slow one (the server's read latency, which the benchmarks use as a remote S3) is only slow.
 */
class S3ObjectStoreTest {

    @TempDir
    static Path dir;
    static LocalStack stack;
    static S3Client s3;
    static S3ObjectStore store;
    static final byte[] BODY = new byte[61_546];

    @BeforeAll
    static void start() throws Exception {
        stack = LocalStack.start(LocalStackOptions.inDirectory(dir));
        s3 = S3Client.builder()
                .endpointOverride(stack.s3Endpoint())
                .region(Region.of(stack.region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(stack.s3AccessKey(), stack.s3SecretKey())))
                .forcePathStyle(true)
                .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build())
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        store = new S3ObjectStore(s3, stack.bucket());
        new Random(7).nextBytes(BODY);
        store.put("raw/orders/segment.ndjson.gz", BODY, Map.of("records", "12"));
    }

    @AfterEach
    void heal() {
        stack.s3Faults().clear();
    }

    @AfterAll
    static void stop() {
        s3.close();
        stack.close();
    }

    @Test
    void aCutBodyIsReadAgain() {
        long before = stack.s3Faults().cutReadsServed();
        stack.s3Faults().cutReads(1);
        assertThat(store.get("raw/orders/segment.ndjson.gz")).hasValue(BODY);
        stack.s3Faults().cutReads(2);
        assertThat(store.read("raw/orders/segment.ndjson.gz")).hasValueSatisfying(o -> {
            assertThat(o.bytes()).isEqualTo(BODY);
            assertThat(o.metadata()).containsEntry("records", "12");
        });
        assertThat(stack.s3Faults().cutReadsServed() - before).as("bodies the server cut").isEqualTo(3);
    }

    @Test
    void bodiesCutEveryTimeFailTheReadNamingTheObject() {
        stack.s3Faults().cutReads(3);
        assertThatThrownBy(() -> store.read("raw/orders/segment.ndjson.gz"))
                .isInstanceOf(ObjectStoreException.class)
                .hasMessageMatching("GET s3://" + stack.bucket() + "/raw/orders/segment\\.ndjson\\.gz failed: the body ended"
                        + " after \\d+ of its 61546 bytes, 3 times");
        stack.s3Faults().cutReads(3);
        assertThatThrownBy(() -> store.get("raw/orders/segment.ndjson.gz")).isInstanceOf(ObjectStoreException.class);
    }

    @Test
    void aReadLatencyDelaysEveryGetAndOnlyDelaysIt() {
        long before = stack.s3Faults().delayedReads();
        stack.s3Faults().readLatency(java.time.Duration.ofMillis(200));
        long t0 = System.nanoTime();
        assertThat(store.read("raw/orders/segment.ndjson.gz")).hasValueSatisfying(o -> assertThat(o.bytes()).isEqualTo(BODY));
        assertThat(store.get("raw/orders/segment.ndjson.gz")).hasValue(BODY);
        assertThat((System.nanoTime() - t0) / 1_000_000).as("ms for two GETs").isGreaterThanOrEqualTo(400);
        assertThat(stack.s3Faults().delayedReads() - before).as("GETs the server delayed").isEqualTo(2);
    }
}
