package dev.tandem.batch.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.tandem.shared.record.Json;
import dev.tandem.shared.storage.ObjectKeys;
import dev.tandem.shared.storage.ObjectStore;

/**
 * The append-only audit log of batch invocations, in S3: one new object per entry, never
 * rewritten, under {@code audit/<pipeline>/date=YYYY-MM-DD/}, named so they list in time order.
 * An invocation writes a {@code requested} entry before it acts — if that fails it does not act —
 * and an {@code outcome} entry when it is answered. Denied requests get a {@code denied} entry.
 */
public final class AuditLog {

    private final ObjectStore store;
    private final String pipeline;
    private final Clock clock;

    public AuditLog(ObjectStore store, String pipeline, Clock clock) {
        this.store = store;
        this.pipeline = pipeline;
        this.clock = clock;
    }

    /**
     * One entry.
     *
     * @param invocation id shared by the entries of one invocation
     * @param event      {@code requested}, {@code outcome} or {@code denied}
     * @param who        the caller (token subject), or {@code anonymous}
     * @param roles      the caller's roles
     * @param what       the function, e.g. {@code recompute}
     * @param arguments  the request body as sent (or null)
     * @param outcome    HTTP status, run id and state, or the error (or null)
     */
    public record Entry(String invocation, String event, String who, Set<String> roles, String what,
            JsonNode arguments, ObjectNode outcome) {
    }

    /** Appends {@code entry}; returns its key. */
    public String append(Entry entry) {
        Instant now = clock.instant();
        String key = ObjectKeys.auditEntry(pipeline, now, entry.invocation(), entry.event());
        ObjectNode o = Json.mapper().createObjectNode();
        o.put("time", now.toString());
        o.put("invocation", entry.invocation());
        o.put("event", entry.event());
        o.put("who", entry.who());
        o.putArray("roles").addAll(new TreeSet<>(entry.roles()).stream().map(o::textNode).toList());
        o.put("what", entry.what());
        o.put("pipeline", pipeline);
        if (entry.arguments() != null) {
            o.set("arguments", entry.arguments());
        }
        if (entry.outcome() != null) {
            o.set("outcome", entry.outcome());
        }
        try {
            store.put(key, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(o), Map.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return key;
    }

    public static String newInvocation() {
        return UUID.randomUUID().toString();
    }
}
