package dev.tandem.shared.dedupe;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The 128 bits an event id is remembered as: the first half of the SHA-256 of its bytes (see
 * {@link DedupeFilter} for the collision odds). One per filter, reused for every id; not thread-safe.
 */
final class IdDigest {

    private static final VarHandle BIG_ENDIAN_LONGS = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.BIG_ENDIAN);

    private final MessageDigest sha256;
    /** The digest of the last id given to {@link #of}: bytes 0–7 and 8–15, big-endian. */
    long hi;
    long lo;

    IdDigest() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** Reused for every id: an ASCII id's bytes, and the digest. */
    private byte[] ascii = new byte[64];
    private final byte[] digest = new byte[32];

    void of(String id) {
        int n = id.length();
        if (n > ascii.length) {
            ascii = new byte[Math.max(n, 2 * ascii.length)];
        }
        // An ASCII id is its own UTF-8: its bytes without a new array for them (most ids are ASCII).
        boolean isAscii = true;
        for (int i = 0; i < n && isAscii; i++) {
            char c = id.charAt(i);
            ascii[i] = (byte) c;
            isAscii = c < 0x80;
        }
        if (isAscii) {
            sha256.update(ascii, 0, n);
        } else {
            sha256.update(bytesOf(id));
        }
        try {
            sha256.digest(digest, 0, digest.length);
        } catch (java.security.DigestException e) {
            throw new IllegalStateException("SHA-256 gives 32 bytes", e);
        }
        hi = (long) BIG_ENDIAN_LONGS.get(digest, 0);
        lo = (long) BIG_ENDIAN_LONGS.get(digest, 8);
    }

    /**
     * What an id's digest is taken of: its UTF-8, as for every id so far — unless it holds an
     * unpaired surrogate (a JSON {@code "\\ud800"} escape parses to one), which UTF-8 cannot carry:
     * {@code getBytes} would make each a {@code ?}, and two different events would be one. Such an id
     * is taken as the byte 0xFF, which no UTF-8 holds, then its UTF-16 code units.
     */
    static byte[] bytesOf(String id) {
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < id.length() && Character.isLowSurrogate(id.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                // The code units themselves: a charset encoder would replace the surrogate too.
                byte[] out = new byte[1 + 2 * id.length()];
                out[0] = (byte) 0xFF;
                for (int j = 0; j < id.length(); j++) {
                    out[1 + 2 * j] = (byte) (id.charAt(j) >> 8);
                    out[2 + 2 * j] = (byte) id.charAt(j);
                }
                return out;
            }
        }
        return id.getBytes(StandardCharsets.UTF_8);
    }
}
