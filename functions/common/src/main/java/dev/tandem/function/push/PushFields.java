package dev.tandem.function.push;

import com.fasterxml.jackson.databind.JsonNode;

/** Required fields of push payloads, with messages naming the field. */
final class PushFields {

    private PushFields() {
    }

    static String text(JsonNode o, String at, String name) {
        JsonNode v = o.get(name);
        if (v == null || !v.isTextual() || v.textValue().isEmpty()) {
            throw new MalformedPushException(at + "." + name, v == null ? "is missing" : "must be non-empty text");
        }
        return v.textValue();
    }

    static long whole(JsonNode o, String at, String name, long max) {
        JsonNode v = o.get(name);
        if (v == null) {
            throw new MalformedPushException(at + "." + name, "is missing");
        }
        long n;
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            n = v.longValue();
        } else if (v.isTextual() && v.textValue().matches("\\d{1,19}")) {
            n = Long.parseLong(v.textValue());
        } else {
            throw new MalformedPushException(at + "." + name, "must be a whole number (was: " + v + ")");
        }
        if (n < 0 || n > max) {
            throw new MalformedPushException(at + "." + name, "is out of range (was: " + n + ")");
        }
        return n;
    }
}
