package dev.tandem.shared.masking;

import java.util.Locale;

/** How a PII field is masked. */
public enum MaskMethod {
    /** Lower-case hex HMAC-SHA256 of the value's text, under the configured key. */
    HMAC,
    /** Text becomes {@value Masker#REDACTED}; any other value becomes null. */
    REDACT;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
