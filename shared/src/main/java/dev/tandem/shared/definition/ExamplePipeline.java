package dev.tandem.shared.definition;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The {@code orders} example pipeline shipped in this module, written out as a file with its
 * schemas beside it, optionally edited (shorter windows for a demo, another name for a test), so
 * a function started as its own process can be pointed at it with {@code tandem.pipeline.file}.
 */
public final class ExamplePipeline {

    private static final List<String> SCHEMAS = List.of("orders.v1.schema.json", "orders.v2.schema.json");

    private ExamplePipeline() {
    }

    /**
     * Writes {@code <name>.yaml} and the schemas into {@code dir}.
     *
     * @param dir      where to write (created if needed)
     * @param resource the definition on the classpath, e.g. {@code pipelines/orders.yaml}
     * @param fileName the file to write, e.g. {@code orders.yaml}
     * @param edit     changes to the YAML text, e.g. {@code yaml -> yaml.replace("size: 60s", "size: 10s")}
     * @return the written definition file
     */
    public static Path write(Path dir, String resource, String fileName, UnaryOperator<String> edit) {
        try {
            Files.createDirectories(dir);
            for (String schema : SCHEMAS) {
                Files.write(dir.resolve(schema), read("pipelines/" + schema));
            }
            Path file = dir.resolve(fileName);
            Files.writeString(file, edit.apply(new String(read(resource), StandardCharsets.UTF_8)));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the example pipeline into " + dir, e);
        }
    }

    private static byte[] read(String resource) throws IOException {
        // Tests keep their variants beside their classes: look where the caller's classes are first.
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        InputStream found = context == null ? null : context.getResourceAsStream(resource);
        try (InputStream in = found != null ? found : ExamplePipeline.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("No " + resource + " on the classpath");
            }
            return in.readAllBytes();
        }
    }
}
