package dev.tandem.shared.definition;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import dev.tandem.shared.aggregate.AggregateSection;
import dev.tandem.shared.aggregate.AggregateSpec;
import dev.tandem.shared.masking.PiiField;
import dev.tandem.shared.masking.PiiSection;
import dev.tandem.shared.record.FieldPath;
import dev.tandem.shared.schema.SchemaFields;
import dev.tandem.shared.schema.SchemaFiles;
import dev.tandem.shared.schema.SchemaSection;
import dev.tandem.shared.spec.DefinitionProblem;
import dev.tandem.shared.spec.SpecReader;
import dev.tandem.shared.validation.QualityRule;
import dev.tandem.shared.validation.RuleSection;
import dev.tandem.shared.window.WindowSection;
import dev.tandem.shared.window.WindowSpec;

/**
 * Reads and validates a pipeline file completely: the YAML, every field, the schema files it
 * names, the compatibility of consecutive schema versions and every field reference against the
 * current schema. Any problem fails the load with an {@link InvalidDefinitionException} listing
 * all of them, each with the file, the field and a fix. Each concept package reads and checks its
 * own section ({@code WindowSection}, {@code AggregateSection}, {@code RuleSection},
 * {@code PiiSection}, {@code SchemaSection}); this class reads the file and assembles them.
 *
 * <p>See {@code shared/src/main/resources/pipelines/orders.yaml} for a complete example.
 */
public final class PipelineDefinitionLoader {

    static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,62}");
    static final Retention DEFAULT_RETENTION = ObjectivesSection.DEFAULT_RETENTION;
    static final FreshnessObjective DEFAULT_FRESHNESS = ObjectivesSection.DEFAULT_FRESHNESS;

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private PipelineDefinitionLoader() {
    }

    /** Loads a definition from the filesystem; schema files are resolved next to it. */
    public static PipelineDefinition load(Path file) {
        byte[] yaml;
        try {
            yaml = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InvalidDefinitionException(file.toString(), List.of(new DefinitionProblem(file.toString(), "",
                    "the file does not exist", "check tandem.pipeline.file or the path given")));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read pipeline definition " + file, e);
        }
        Path dir = file.toAbsolutePath().getParent();
        return load(file.toString(), yaml, name -> {
            Path schema = dir.resolve(name).normalize();
            return Files.isRegularFile(schema) ? Optional.of(Files.readAllBytes(schema)) : Optional.empty();
        });
    }

    /** Loads a definition shipped on the classpath, e.g. {@code pipelines/orders.yaml}. */
    public static PipelineDefinition loadResource(String resource) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        String dir = resource.contains("/") ? resource.substring(0, resource.lastIndexOf('/') + 1) : "";
        byte[] yaml = readResource(loader, resource).orElseThrow(() -> new InvalidDefinitionException(resource,
                List.of(new DefinitionProblem(resource, "", "no such resource on the classpath",
                        "check the resource name"))));
        return load("classpath:" + resource, yaml, name -> readResource(loader, dir + name));
    }

    private static Optional<byte[]> readResource(ClassLoader loader, String name) {
        try (InputStream in = loader.getResourceAsStream(name)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read resource " + name, e);
        }
    }

    /** The 1-based number of the first line indented with a tab, 0 if none. */
    private static int firstLineWithLeadingTab(byte[] yaml) {
        String[] lines = new String(yaml, java.nio.charset.StandardCharsets.UTF_8).split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int j = 0;
            while (j < line.length() && (line.charAt(j) == ' ' || line.charAt(j) == '-')) {
                j++;
            }
            if (j < line.length() && line.charAt(j) == '\t') {
                return i + 1;
            }
        }
        return 0;
    }

    /** Loads a definition from its bytes; {@code file} names it in messages. */
    public static PipelineDefinition load(String file, byte[] yaml, SchemaFiles schemaFiles) {
        SpecReader r = new SpecReader(file);
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JacksonException e) {
            int tabLine = firstLineWithLeadingTab(yaml);
            if (tabLine > 0) {
                // SnakeYAML says only "while scanning for the next token" about a tab.
                throw new InvalidDefinitionException(file, List.of(new DefinitionProblem(file, "",
                        "has a tab character in the indentation of line " + tabLine,
                        "indent with spaces: YAML does not allow tabs there")));
            }
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
            throw new InvalidDefinitionException(file, List.of(new DefinitionProblem(file, "",
                    "is not valid YAML" + where + ": " + e.getOriginalMessage().lines().findFirst().orElse(""),
                    "fix the YAML syntax")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (root == null || !root.isObject()) {
            throw new InvalidDefinitionException(file, List.of(new DefinitionProblem(file, "",
                    "is not a YAML mapping", "start from the orders example: pipeline: orders, source: ...")));
        }
        PipelineDefinition definition = new Parse(r, root, schemaFiles).definition();
        if (r.hasProblems()) {
            throw new InvalidDefinitionException(file, r.problems());
        }
        return definition;
    }

    /** One pass over one file; fields stay null where a problem was reported. */
    private static final class Parse {

        private static final Set<String> TOP = Set.of("pipeline", "description", "source", "schemas", "event",
                "groupBy", "window", "lateness", "dedupe", "idlePartitionTimeout", "aggregates", "rules", "pii",
                "retention", "freshness", "landing");

        private final SpecReader r;
        private final JsonNode root;
        private final SchemaFiles schemaFiles;

        Parse(SpecReader r, JsonNode root, SchemaFiles schemaFiles) {
            this.r = r;
            this.root = root;
            this.schemaFiles = schemaFiles;
        }

        PipelineDefinition definition() {
            r.rejectUnknownKeys(root, "", TOP);
            String name = r.text(root, "", "pipeline", true, "orders").orElse(null);
            if (name != null && !NAME.matcher(name).matches()) {
                r.problem("pipeline", "'" + name + "' is not a valid pipeline name",
                        "use 1 to 63 lower-case letters, digits or hyphens, starting with a letter, e.g. orders");
                name = null;
            }
            String description = r.text(root, "", "description", false, "Order totals per store").orElse("");
            SourceSpec source = SourceSection.read(r, root);
            SchemaSection.Schemas schemas = SchemaSection.read(r, root, schemaFiles);
            JsonNode current = schemas.current();
            if (current != null) {
                r.checkFieldsAgainst(field -> SchemaFields.typesOf(current, field));
            }
            EventFields event = EventSection.event(r, root, current);
            List<FieldPath> groupBy = EventSection.groupBy(r, root);
            WindowSpec window = WindowSection.read(r, root);
            Duration lateness = TimingSection.lateness(r, root);
            Duration horizon = TimingSection.dedupeHorizon(r, root, window, lateness);
            Duration idle = TimingSection.idlePartitionTimeout(r, root);
            List<AggregateSpec> aggregates = AggregateSection.read(r, root);
            List<QualityRule> rules = RuleSection.read(r, root);
            List<PiiField> pii = PiiSection.read(r, root, event == null ? null : event.id(),
                    event == null ? null : event.time(), groupBy);
            Retention retention = ObjectivesSection.retention(r, root);
            FreshnessObjective freshness = ObjectivesSection.freshness(r, root);
            SegmentCodec landingCodec = LandingSection.codec(r, root);
            if (r.hasProblems()) {
                return null;
            }
            return new PipelineDefinition(name, description, source, schemas.versions(), event, groupBy, window,
                    lateness, horizon, idle, aggregates, rules, pii, retention, freshness, landingCodec);
        }
    }
}
