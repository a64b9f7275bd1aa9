package dev.tandem.function.io;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import dev.tandem.shared.storage.ObjectStore;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Object;

/** {@link ObjectStore} on an S3 bucket. Thread-safe, like the client. */
public final class S3ObjectStore implements ObjectStore {

    private static final int DELETE_BATCH = 1000;
    /** GETs of one object whose body came cut, before the read fails. */
    private static final int WHOLE_BODY_ATTEMPTS = 3;
    /** The largest array the JVM allocates. */
    private static final long MAX_BODY = Integer.MAX_VALUE - 8;

    private final S3Client s3;
    private final String bucket;

    public S3ObjectStore(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    @Override
    public String bucket() {
        return bucket;
    }

    /**
     * One HEAD of the bucket: what is wrong with reaching it, if anything. Made at start-up, it both
     * says early that the bucket or the credentials are wrong and builds the client (a lazy bean
     * until its first call) and loads its request path, which otherwise the first call pays for.
     */
    public Optional<String> problem() {
        try {
            s3.headBucket(b -> b.bucket(bucket));
            return Optional.empty();
        } catch (NoSuchBucketException e) {
            return Optional.of("bucket '" + bucket + "' does not exist: create it or set tandem.s3.bucket");
        } catch (SdkException e) {
            return Optional.of("HEAD s3://" + bucket + " failed: " + e.getMessage());
        }
    }

    @Override
    public String put(String key, byte[] bytes, Map<String, String> metadata) {
        try {
            return unquote(s3.putObject(b -> b.bucket(bucket).key(key).metadata(metadata).contentLength((long) bytes.length),
                    // The caller's array as it is (fromBytes copies it): the call is synchronous, and
                    // nothing changes an array once it is handed to put.
                    RequestBody.fromContentProvider(ContentStreamProvider.fromByteArrayUnsafe(bytes), bytes.length,
                            "application/octet-stream")).eTag());
        } catch (SdkException e) {
            throw new ObjectStoreException("PUT s3://" + bucket + "/" + key + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<byte[]> get(String key) {
        try {
            return Optional.of(getWhole(key).bytes());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw new ObjectStoreException("GET s3://" + bucket + "/" + key + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<StoredObject> read(String key) {
        try {
            Body r = getWhole(key);
            Map<String, String> metadata = new HashMap<>();
            r.response().metadata().forEach((k, v) -> metadata.put(k.toLowerCase(Locale.ROOT), v));
            return Optional.of(new StoredObject(r.bytes(), unquote(r.response().eTag()), metadata));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw new ObjectStoreException("GET s3://" + bucket + "/" + key + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * A GET whose body is all there. A connection that drops mid-body can end the stream without an
     * error (the JDK's HTTP client reports an end, not a shortfall), and the bytes that came would
     * pass for the object: a reader would take a cut segment for a changed one, a cut checkpoint for
     * a corrupt one. Such a GET is made again, as is one whose body fails to read (the SDK retries
     * only what fails before the body; the object may have been replaced meanwhile: the new GET
     * returns the object as it is then, as any GET does); after {@value #WHOLE_BODY_ATTEMPTS} the
     * read fails. The body is read into an array of the length the response announced: one
     * allocation, where reading to the end grows a buffer and copies every body out of it.
     */
    private Body getWhole(String key) {
        for (int attempt = 1;; attempt++) {
            String shortfall;
            IOException failure = null;
            ResponseInputStream<GetObjectResponse> in = s3.getObject(b -> b.bucket(bucket).key(key));
            try (in) {
                Long length = in.response().contentLength();
                if (length == null) {
                    return new Body(in.readAllBytes(), in.response());
                }
                if (length > MAX_BODY) {
                    in.abort();
                    throw new ObjectStoreException("GET s3://" + bucket + "/" + key + ": " + length
                            + " bytes do not fit in one array", null);
                }
                byte[] bytes = new byte[(int) (long) length];
                int received = in.readNBytes(bytes, 0, bytes.length);
                if (received == bytes.length) {
                    return new Body(bytes, in.response());
                }
                in.abort();
                shortfall = "the body ended after " + received + " of its " + length + " bytes";
            } catch (IOException e) {
                in.abort();
                failure = e;
                shortfall = "reading the body failed (" + e.getMessage() + ")";
            }
            if (attempt == WHOLE_BODY_ATTEMPTS) {
                throw new ObjectStoreException("GET s3://" + bucket + "/" + key + " failed: " + shortfall + ", "
                        + attempt + " times", failure);
            }
        }
    }

    /** An object's bytes and the GET's response (ETag, metadata). */
    private record Body(byte[] bytes, GetObjectResponse response) {
    }

    @Override
    public List<ObjectInfo> list(String prefix) {
        try {
            List<ObjectInfo> out = new ArrayList<>();
            for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents()) {
                // Filesystem-backed stores list directories as empty "folder/" objects: not objects.
                if (!o.key().endsWith("/")) {
                    out.add(new ObjectInfo(o.key(), o.size(), unquote(o.eTag())));
                }
            }
            out.sort((a, b) -> a.key().compareTo(b.key()));
            return out;
        } catch (SdkException e) {
            throw new ObjectStoreException("LIST s3://" + bucket + "/" + prefix + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void delete(Collection<String> keys) {
        List<String> all = new ArrayList<>(keys);
        for (int i = 0; i < all.size(); i += DELETE_BATCH) {
            List<ObjectIdentifier> ids = all.subList(i, Math.min(all.size(), i + DELETE_BATCH)).stream()
                    .map(k -> ObjectIdentifier.builder().key(k).build()).toList();
            try {
                s3.deleteObjects(b -> b.bucket(bucket).delete(Delete.builder().objects(ids).quiet(true).build()));
            } catch (SdkException e) {
                throw new ObjectStoreException("DELETE " + ids.size() + " objects in s3://" + bucket + " failed: "
                        + e.getMessage(), e);
            }
        }
    }

    private static String unquote(String etag) {
        return etag == null ? "" : etag.replace("\"", "");
    }
}
