package dev.tandem.shared.schema;

import java.io.IOException;
import java.util.Optional;

/** Finds the schema files a pipeline file names, relative to it. */
@FunctionalInterface
public interface SchemaFiles {

    /** The file's bytes, or empty if there is no such file. */
    Optional<byte[]> read(String relativeName) throws IOException;
}
