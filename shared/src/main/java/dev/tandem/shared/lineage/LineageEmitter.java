package dev.tandem.shared.lineage;

import java.net.URI;
import java.nio.file.Path;

import io.openlineage.client.OpenLineageClient;
import io.openlineage.client.transports.FileConfig;
import io.openlineage.client.transports.FileTransport;
import io.openlineage.client.transports.HttpConfig;
import io.openlineage.client.transports.HttpTransport;

/**
 * Sends lineage events through an OpenLineage client transport. Thread-safe.
 */
public final class LineageEmitter implements AutoCloseable {

    private final OpenLineageClient client;
    private final String description;

    private LineageEmitter(OpenLineageClient client, String description) {
        this.client = client;
        this.description = description;
    }

    /** POSTs events to an OpenLineage endpoint, e.g. Marquez at {@code http://marquez:5000} ({@code /api/v1/lineage}). */
    public static LineageEmitter http(URI url) {
        HttpConfig config = new HttpConfig();
        config.setUrl(url);
        return new LineageEmitter(new OpenLineageClient(new HttpTransport(config)), "http " + url);
    }

    /** Appends events as JSON lines to a file. */
    public static LineageEmitter file(Path file) {
        return new LineageEmitter(new OpenLineageClient(new FileTransport(new FileConfig(file.toAbsolutePath().toString()))),
                "file " + file);
    }

    /** Drops events: lineage switched off. */
    public static LineageEmitter none() {
        return new LineageEmitter(null, "none");
    }

    public boolean isEnabled() {
        return client != null;
    }

    /**
     * Sends one event.
     *
     * @throws LineageException if the transport fails; lineage is reported, so callers count and log it
     */
    public void emit(LineageRun run) {
        if (client == null) {
            return;
        }
        try {
            client.emit(LineageEvents.toRunEvent(run));
        } catch (RuntimeException e) {
            throw new LineageException("Could not send the " + run.type() + " event of " + run.job() + " run "
                    + run.runId() + " to " + description + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws Exception {
        if (client != null) {
            client.close();
        }
    }

    @Override
    public String toString() {
        return "LineageEmitter[" + description + "]";
    }

    /** A lineage event that could not be delivered. */
    public static final class LineageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LineageException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
