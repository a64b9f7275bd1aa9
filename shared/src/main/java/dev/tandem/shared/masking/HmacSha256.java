package dev.tandem.shared.masking;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * HMAC-SHA256 (RFC 2104) computed from two SHA-256 digests that have already taken in the padded
 * key, copied for every value: the key's two blocks are not hashed again for each value, which was
 * half the hashing of a short value with {@link javax.crypto.Mac}, and no {@code Mac} is kept per
 * thread (a thread-local lookup for every value). {@code Mac} stays the reference: a test compares
 * both over random keys and values. Thread-safe: the two prototypes are never changed.
 */
final class HmacSha256 {

    private static final int BLOCK = 64;

    private final MessageDigest inner;
    private final MessageDigest outer;

    private HmacSha256(MessageDigest inner, MessageDigest outer) {
        this.inner = inner;
        this.outer = outer;
    }

    /** Empty where the platform's SHA-256 cannot be copied: the caller then uses a {@code Mac}. */
    static java.util.Optional<HmacSha256> keyed(byte[] key) {
        try {
            byte[] k = key.length > BLOCK ? sha256().digest(key) : key;
            byte[] ipad = Arrays.copyOf(k, BLOCK);
            byte[] opad = Arrays.copyOf(k, BLOCK);
            for (int i = 0; i < BLOCK; i++) {
                ipad[i] ^= 0x36;
                opad[i] ^= 0x5c;
            }
            MessageDigest inner = sha256();
            inner.update(ipad);
            MessageDigest outer = sha256();
            outer.update(opad);
            inner.clone(); // throws where the provider's digests cannot be copied
            return java.util.Optional.of(new HmacSha256(inner, outer));
        } catch (CloneNotSupportedException e) {
            return java.util.Optional.empty();
        }
    }

    byte[] mac(byte[] message) {
        try {
            MessageDigest in = (MessageDigest) inner.clone();
            in.update(message);
            MessageDigest out = (MessageDigest) outer.clone();
            out.update(in.digest());
            return out.digest();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("SHA-256 could be copied when the key was set, and now not", e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
