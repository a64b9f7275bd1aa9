package dev.tandem.function.io;

import net.jpountz.lz4.LZ4Factory;

/**
 * Lets the Kafka clients of this process decompress LZ4 record batches with lz4-java's native
 * library (the C library's bounds-checked {@code LZ4_decompress_safe}) instead of its pure-Java
 * port.
 *
 * <p>Kafka takes {@code LZ4Factory.fastestInstance()} once, when its LZ4 stream class is first
 * used, and lz4-java answers with the native codec only if its library is already loaded or lz4-java
 * sits on the system class loader. Under Quarkus' class loader neither holds, so a function decoded
 * every LZ4 batch with the Java port, where a consumer on a plain class path (Flink's, in the
 * benchmark) has the native codec. Loading the library first changes that answer. Where it cannot be
 * loaded (no library for the platform, no writable temporary directory), nothing changes: Kafka
 * keeps the Java codec.
 */
public final class NativeLz4 {

    private NativeLz4() {
    }

    /** Tried once, when first asked for. */
    private static final class Once {
        static final boolean LOADED = tryLoad();
    }

    /**
     * Loads the native library if it can be, before any Kafka client of this process decompresses
     * a batch; true if Kafka's LZ4 stream will use it. Idempotent and cheap after the first call.
     */
    public static boolean load() {
        return Once.LOADED;
    }

    private static boolean tryLoad() {
        try {
            LZ4Factory.nativeInstance();
            // What Kafka's LZ4 stream will ask for, now answered with the native codec.
            return LZ4Factory.fastestInstance() == LZ4Factory.nativeInstance();
        } catch (RuntimeException | LinkageError | AssertionError e) {
            // No native library here (or it failed to load): Kafka decompresses in Java, as before.
            return false;
        }
    }
}
