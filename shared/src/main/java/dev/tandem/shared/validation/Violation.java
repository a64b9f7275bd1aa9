package dev.tandem.shared.validation;

import java.util.Objects;

/**
 * One reason a record is invalid.
 *
 * @param rule    what was violated: {@code schema/<keyword>} for the JSON Schema, the rule's name for
 *                data-quality rules, or one of the envelope checks ({@code json}, {@code event-id},
 *                {@code event-time}, {@code schema-version}, {@code cloudevents})
 * @param field   the field concerned (dotted path), empty when the record as a whole is concerned
 * @param value   the offending value as JSON text (cut to 200 characters), empty if absent
 * @param message what is wrong, for people
 */
public record Violation(String rule, String field, String value, String message) {

    static final int MAX_VALUE_LENGTH = 200;

    public Violation {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
        value = value == null ? "" : value.length() > MAX_VALUE_LENGTH ? value.substring(0, MAX_VALUE_LENGTH) + "…" : value;
    }

    /** {@code rule field=value: message}, the form used in dead-letter headers and logs. */
    @Override
    public String toString() {
        return rule + (field.isEmpty() ? "" : " " + field) + (value.isEmpty() ? "" : "=" + value) + ": " + message;
    }
}
