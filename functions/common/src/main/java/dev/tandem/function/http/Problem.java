package dev.tandem.function.http;

import java.util.Locale;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.tandem.shared.record.Json;

/**
 * An RFC 9457 problem details body, as every Tandem function answers a request it cannot serve:
 * what went wrong ({@code title}, {@code detail}) and, for a bad request, the request {@code field}
 * at fault.
 *
 * @param status   the HTTP status
 * @param title    a short, stable summary; also names the {@code type}
 * @param detail   what is wrong with this request and how to fix it
 * @param instance the request path
 * @param field    the request field at fault, or empty
 */
public record Problem(int status, String title, String detail, String instance, String field) {

    public static final String CONTENT_TYPE = "application/problem+json";

    public ObjectNode toJson() {
        ObjectNode p = Json.mapper().createObjectNode();
        p.put("type", "https://tandem.dev/problems/" + title.toLowerCase(Locale.ROOT).replace(' ', '-'));
        p.put("title", title);
        p.put("status", status);
        p.put("detail", detail);
        p.put("instance", instance);
        if (!field.isEmpty()) {
            p.put("field", field);
        }
        return p;
    }
}
