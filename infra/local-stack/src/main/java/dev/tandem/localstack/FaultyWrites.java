package dev.tandem.localstack;

import java.util.List;

import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.domain.Blob;
import org.jclouds.blobstore.domain.MultipartPart;
import org.jclouds.blobstore.domain.MultipartUpload;
import org.jclouds.blobstore.options.CopyOptions;
import org.jclouds.blobstore.options.PutOptions;
import org.jclouds.blobstore.util.ForwardingBlobStore;
import org.jclouds.http.HttpResponse;
import org.jclouds.http.HttpResponseException;
import org.jclouds.io.Payload;

/** The blob store behind the S3 server, with {@link S3Faults} applied to every object write. */
final class FaultyWrites extends ForwardingBlobStore {

    private final S3Faults faults;

    FaultyWrites(BlobStore blobStore, S3Faults faults) {
        super(blobStore);
        this.faults = faults;
    }

    /** S3Proxy answers an {@link HttpResponseException} with its status code. */
    static HttpResponseException insufficientStorage(String container, String key) {
        return new HttpResponseException("no space left on the S3 server's disk to store " + container + "/" + key,
                null, HttpResponse.builder().statusCode(507).message("Insufficient Storage").build());
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
