package dev.tandem.localstack;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.filesystem.reference.FilesystemConstants;

/**
 * S3Proxy serving the S3 REST API (signature V4 required) over a jclouds {@code filesystem} blob
 * store: each bucket is a directory, each object a file, so objects survive a restart.
 */
final class EmbeddedS3Server implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final BlobStoreContext context;
    private final S3Proxy proxy;
    private final URI endpoint;

    private EmbeddedS3Server(BlobStoreContext context, S3Proxy proxy, URI endpoint) {
        this.context = context;
        this.proxy = proxy;
        this.endpoint = endpoint;
    }

    static EmbeddedS3Server start(Path dir, int port, String accessKey, String secretKey, String bucket,
            S3Faults faults) throws Exception {
        Files.createDirectories(dir);
        Properties overrides = new Properties();
        overrides.setProperty(FilesystemConstants.PROPERTY_BASEDIR, dir.toAbsolutePath().toString());
        BlobStoreContext context = ContextBuilder.newBuilder("filesystem")
                .overrides(overrides)
                .buildView(BlobStoreContext.class);
        URI endpoint = URI.create("http://" + LocalStack.HOST + ":" + port);
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(new FaultyBlobStore(new NoDirectoryEntries(context.getBlobStore()), faults))
                .endpoint(endpoint)
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
                // Current AWS SDKs send checksum headers S3Proxy does not know; it must not refuse them.
                .ignoreUnknownHeaders(true)
                .build();
        EmbeddedS3Server server = new EmbeddedS3Server(context, proxy, endpoint);
        try {
            proxy.start();
            server.awaitStarted();
            BlobStore store = context.getBlobStore();
            if (!store.containerExists(bucket)) {
                store.createContainerInLocation(null, bucket);
            }
        } catch (Exception e) {
            server.close();
            throw e;
        }
        return server;
    }

    URI endpoint() {
        return endpoint;
    }

    private void awaitStarted() throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!"STARTED".equals(proxy.getState())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("S3 server at " + endpoint + " did not start within " + START_TIMEOUT
                        + " (state " + proxy.getState() + ")");
            }
            Thread.sleep(10);
        }
    }

    @Override
    public void close() {
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("Could not stop the S3 server at " + endpoint, e);
        } finally {
            context.close();
        }
    }
}
