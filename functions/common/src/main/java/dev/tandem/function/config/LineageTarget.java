package dev.tandem.function.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

import dev.tandem.shared.lineage.LineageEmitter;

/** {@code tandem.lineage.*}: where OpenLineage events go, if anywhere. */
public interface LineageTarget {

    /** An OpenLineage HTTP endpoint (e.g. Marquez); takes precedence over {@link #file()}. */
    Optional<URI> url();

    /** A file to append OpenLineage events to. */
    Optional<Path> file();

    /** The emitter for this configuration: HTTP, file, or none. */
    default LineageEmitter emitter() {
        return url().map(LineageEmitter::http).or(() -> file().map(LineageEmitter::file))
                .orElseGet(LineageEmitter::none);
    }
}
