package dev.tandem.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.domain.Blob;
import org.jclouds.blobstore.domain.MultipartPart;
import org.jclouds.blobstore.domain.MultipartUpload;
import org.jclouds.blobstore.options.CopyOptions;
import org.jclouds.blobstore.options.GetOptions;
import org.jclouds.blobstore.options.PutOptions;
import org.jclouds.blobstore.util.ForwardingBlobStore;
import org.jclouds.http.HttpResponse;
import org.jclouds.http.HttpResponseException;
import org.jclouds.io.Payload;
import org.jclouds.io.payloads.InputStreamPayload;

import com.google.common.io.ByteStreams;

/** The blob store behind the S3 server, with {@link S3Faults} applied to every object write and read. */
final class FaultyBlobStore extends ForwardingBlobStore {

    private final S3Faults faults;

    FaultyBlobStore(BlobStore blobStore, S3Faults faults) {
        super(blobStore);
        this.faults = faults;
    }

    /** S3Proxy answers an {@link HttpResponseException} with its status code. */
    static HttpResponseException insufficientStorage(String container, String key) {
        return new HttpResponseException("no space left on the S3 server's disk to store " + container + "/" + key,
                null, HttpResponse.builder().statusCode(507).message("Insufficient Storage").build());
    }

    @Override
    public Blob getBlob(String container, String name) {
        faults.beforeRead(name);
        return maybeCut(super.getBlob(container, name));
    }

    @Override
    public Blob getBlob(String container, String name, GetOptions options) {
        faults.beforeRead(name);
        return maybeCut(super.getBlob(container, name, options));
    }

    /**
     * The blob with a body that ends halfway, its metadata (the length S3Proxy announces) unchanged:
     * the servlet container then ends the connection after the bytes it was given.
     */
    private Blob maybeCut(Blob blob) {
        if (blob == null || !faults.cutThisRead()) {
            return blob;
        }
        Payload whole = blob.getPayload();
        Long length = whole.getContentMetadata().getContentLength();
        try {
            Payload cut = new InputStreamPayload(ByteStreams.limit(whole.openStream(), length == null ? 0 : length / 2));
            cut.setContentMetadata(whole.getContentMetadata());
            blob.setPayload(cut);
            return blob;
        } catch (IOException e) {
            throw new UncheckedIOException("could not open " + path(blob) + " to cut its body", e);
        }
    }

    /** {@code container/name} of the blob, for messages. */
    private static String path(Blob blob) {
        return blob.getMetadata().getContainer() + "/" + blob.getMetadata().getName();
    }

    @Override
    public String putBlob(String container, Blob blob) {
        faults.beforeWrite(container, blob.getMetadata().getName());
        return super.putBlob(container, blob);
    }

    @Override
    public String putBlob(String container, Blob blob, PutOptions options) {
        faults.beforeWrite(container, blob.getMetadata().getName());
        return super.putBlob(container, blob, options);
    }

    @Override
    public String copyBlob(String fromContainer, String fromName, String toContainer, String toName,
            CopyOptions options) {
        faults.beforeWrite(toContainer, toName);
        return super.copyBlob(fromContainer, fromName, toContainer, toName, options);
    }

    @Override
    public MultipartPart uploadMultipartPart(MultipartUpload mpu, int partNumber, Payload payload) {
        faults.beforeWrite(mpu.containerName(), mpu.blobName());
        return super.uploadMultipartPart(mpu, partNumber, payload);
    }

    @Override
    public String completeMultipartUpload(MultipartUpload mpu, List<MultipartPart> parts) {
        faults.beforeWrite(mpu.containerName(), mpu.blobName());
        return super.completeMultipartUpload(mpu, parts);
    }
}
