package dev.tandem.shared.masking;

import java.util.Objects;

import dev.tandem.shared.record.FieldPath;

/**
 * A field holding personal data, and how to mask it.
 *
 * @param field  the field
 * @param method HMAC or redaction
 */
public record PiiField(FieldPath field, MaskMethod method) {

    public PiiField {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(method, "method");
    }
}
