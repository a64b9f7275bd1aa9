package dev.tandem.engine.testing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Predicate;

import dev.tandem.shared.storage.ObjectStore;

/**
 * An object store in memory for plain-JUnit tests of the engines: sorted listings, ETags as the MD5
 * of the bytes (as S3 gives for single-part uploads), metadata keys in lower case. Writes to keys a
 * test chooses can be made to fail, as an S3 outage would.
 */
public final class InMemoryObjectStore implements ObjectStore {

    private record Stored(byte[] bytes, String etag, Map<String, String> metadata) {
    }

    private final ConcurrentSkipListMap<String, Stored> objects = new ConcurrentSkipListMap<>();
    private volatile Predicate<String> failingPuts = key -> false;
    private volatile java.util.function.Consumer<String> beforeRead = key -> { };
    private int puts;

    @Override
    public String put(String key, byte[] bytes, Map<String, String> metadata) {
        if (failingPuts.test(key)) {
            throw new ObjectStoreException("PUT s3://" + bucket() + "/" + key + " failed (injected)", null);
        }
        Map<String, String> lower = new TreeMap<>();
        metadata.forEach((k, v) -> lower.put(k.toLowerCase(java.util.Locale.ROOT), v));
        String etag = md5(bytes);
        objects.put(key, new Stored(bytes.clone(), etag, Map.copyOf(lower)));
        synchronized (this) {
            puts++;
        }
        return etag;
    }

    @Override
    public Optional<byte[]> get(String key) {
        beforeRead.accept(key);
        return Optional.ofNullable(objects.get(key)).map(s -> s.bytes().clone());
    }

    @Override
    public Optional<StoredObject> read(String key) {
        beforeRead.accept(key);
        return Optional.ofNullable(objects.get(key)).map(s -> new StoredObject(s.bytes().clone(), s.etag(),
                s.metadata()));
    }

    @Override
    public List<ObjectInfo> list(String prefix) {
        List<ObjectInfo> out = new ArrayList<>();
        objects.tailMap(prefix).forEach((k, s) -> {
            if (k.startsWith(prefix)) {
                out.add(new ObjectInfo(k, s.bytes().length, s.etag()));
            }
        });
        return out;
    }

    @Override
    public void delete(Collection<String> keys) {
        keys.forEach(objects::remove);
    }

    @Override
    public String bucket() {
        return "in-memory";
    }

    /** Every key, sorted. */
    public List<String> keys() {
        return List.copyOf(objects.keySet());
    }

    /** Every key under {@code prefix}, sorted. */
    public List<String> keys(String prefix) {
        return list(prefix).stream().map(ObjectInfo::key).toList();
    }

    /** Key → bytes of everything under {@code prefix}, for comparing two runs byte for byte. */
    public Map<String, String> contents(String prefix) {
        Map<String, String> out = new TreeMap<>();
        list(prefix).forEach(o -> out.put(o.key(), HexFormat.of().formatHex(get(o.key()).orElseThrow())));
        return out;
    }

    public String text(String key) {
        return new String(get(key).orElseThrow(() -> new AssertionError("No object " + key)), StandardCharsets.UTF_8);
    }

    /** From now on PUTs of keys matching {@code which} fail; {@code key -> false} heals. */
    public void failPuts(Predicate<String> which) {
        this.failingPuts = which;
    }

    /** From now on every GET first calls {@code hook} with its key (to slow or break it); {@code key -> { }} heals. */
    public void beforeReads(java.util.function.Consumer<String> hook) {
        this.beforeRead = hook;
    }

    public synchronized int puts() {
        return puts;
    }

    private static String md5(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
