package dev.tandem.shared.masking;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Masks the PII fields of payloads. Thread-safe. {@link #mask} returns payloads without PII values
 * as they are and copies the others; {@link #maskOwned} masks in place.
 */
public final class Masker {

    static final String REDACTED = "[redacted]";
    private static final String ALGORITHM = "HmacSHA256";
    /** Short keys make HMACs guessable for small value spaces (phone numbers, ids). */
    public static final int MIN_KEY_BYTES = 32;

    private final List<PiiField> fields;
    private final SecretKeySpec key;
    private final String keyId;
    /** The HMAC of values; null without a key, or where SHA-256 cannot be copied (then a Mac per thread). */
    private final HmacSha256 hmac;
    /** A Mac is not thread-safe and costly to look up: one per thread, reused. */
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

    private Masker(List<PiiField> fields, SecretKeySpec key, String keyId) {
        this.fields = List.copyOf(fields);
        this.key = key;
        this.keyId = keyId;
        this.hmac = key == null ? null : HmacSha256.keyed(key.getEncoded()).orElse(null);
    }

    /**
     * @param fields the PII fields of the pipeline
     * @param key    the HMAC key from configuration; needed only when a field uses {@link MaskMethod#HMAC}
     */
    public static Masker of(List<PiiField> fields, byte[] key) {
        boolean needsKey = fields.stream().anyMatch(f -> f.method() == MaskMethod.HMAC);
        if (needsKey && (key == null || key.length < MIN_KEY_BYTES)) {
            throw new IllegalArgumentException("PII fields " + fields.stream().filter(f -> f.method() == MaskMethod.HMAC)
                    .map(f -> f.field().toString()).toList() + " are masked with an HMAC, which needs a key of at least "
                    + MIN_KEY_BYTES + " bytes from configuration (tandem.masking.key, base64); got "
                    + (key == null ? "none" : key.length + " bytes"));
        }
        SecretKeySpec spec = needsKey ? new SecretKeySpec(key.clone(), ALGORITHM) : null;
        return new Masker(fields, spec, needsKey ? fingerprint(key) : "none");
    }

    /** A masker that masks nothing, for pipelines without PII fields. */
    public static Masker none() {
        return new Masker(List.of(), null, "none");
    }

    /**
     * A short, non-secret fingerprint of the key, recorded with landed data so a key rotation is
     * visible: HMACs under different keys do not match.
     */
    public String keyId() {
        return keyId;
    }

    public JsonNode mask(JsonNode payload) {
        boolean anyValue = payload instanceof ObjectNode && fields.stream().anyMatch(f -> present(f.field().get(payload)));
        return anyValue ? maskOwned(payload.deepCopy()) : payload;
    }

    /**
     * Masks a payload in place, for a caller that owns it and has no further use for the clear
     * values — the decoder, which has just parsed it: no copy of every event.
     */
    public JsonNode maskOwned(JsonNode payload) {
        if (payload instanceof ObjectNode object) {
            for (PiiField pii : fields) {
                JsonNode value = pii.field().get(object);
                if (present(value)) {
                    pii.field().set(object, masked(pii.method(), value));
                }
            }
        }
        return payload;
    }

    private static boolean present(JsonNode value) {
        return !value.isMissingNode() && !value.isNull();
    }

    private JsonNode masked(MaskMethod method, JsonNode value) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        return switch (method) {
            case REDACT -> value.isTextual() ? json.textNode(REDACTED) : json.nullNode();
            case HMAC -> json.textNode(hmac(value.isTextual() ? value.textValue() : value.toString()));
        };
    }

    private String hmac(String text) {
        byte[] value = text.getBytes(StandardCharsets.UTF_8);
        return HexFormat.of().formatHex(hmac != null ? hmac.mac(value) : macs.get().doFinal(value));
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    private static String fingerprint(byte[] key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key);
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
