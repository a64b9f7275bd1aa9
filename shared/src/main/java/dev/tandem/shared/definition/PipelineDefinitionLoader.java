package dev.tandem.shared.definition;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import dev.tandem.shared.aggregate.AggregateFunction;
import dev.tandem.shared.aggregate.AggregateSpec;
import dev.tandem.shared.masking.MaskMethod;
import dev.tandem.shared.masking.PiiField;
import dev.tandem.shared.record.FieldPath;
import dev.tandem.shared.schema.SchemaCompatibility;
import dev.tandem.shared.schema.SchemaFields;
import dev.tandem.shared.schema.SchemaVersion;
import dev.tandem.shared.validation.AllowedValuesRule;
import dev.tandem.shared.validation.PatternRule;
import dev.tandem.shared.validation.QualityRule;
import dev.tandem.shared.validation.RangeRule;
import dev.tandem.shared.validation.RequiredRule;
import dev.tandem.shared.window.WindowSpec;

/**
 * Reads and validates a pipeline file completely: the YAML, every field, the schema files it
 * names, the compatibility of consecutive schema versions and every field reference against the
 * current schema. Any problem fails the load with an {@link InvalidDefinitionException} listing
 * all of them, each with the file, the field and a fix.
 *
 * <p>See {@code shared/src/main/resources/pipelines/orders.yaml} for a complete example.
 */
public final class PipelineDefinitionLoader {

    static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,62}");
    static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");
    static final Pattern FIELD = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*");

    static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);
    static final Retention DEFAULT_RETENTION = new Retention(Duration.ofDays(30), Duration.ofDays(400));
    static final FreshnessObjective DEFAULT_FRESHNESS = new FreshnessObjective(Duration.ofSeconds(5), 0.99);

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    /** Finds the schema files a definition names, relative to the definition. */
    @FunctionalInterface
    public interface SchemaFiles {
        /** The file's bytes, or empty if there is no such file. */
        Optional<byte[]> read(String relativeName) throws IOException;
    }

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

    /** Loads a definition from its bytes; {@code file} names it in messages. */
    public static PipelineDefinition load(String file, byte[] yaml, SchemaFiles schemaFiles) {
        DefinitionReader r = new DefinitionReader(file);
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JacksonException e) {
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
        if (!r.problems().isEmpty()) {
            throw new InvalidDefinitionException(file, r.problems());
        }
        return definition;
    }

    /** One pass over one file; fields stay null where a problem was reported. */
    private static final class Parse {

        private static final Set<String> TOP = Set.of("pipeline", "description", "source", "schemas", "event",
                "groupBy", "window", "lateness", "dedupe", "idlePartitionTimeout", "aggregates", "rules", "pii",
                "retention", "freshness");

        private final DefinitionReader r;
        private final JsonNode root;
        private final SchemaFiles schemaFiles;
        private JsonNode currentSchema;

        Parse(DefinitionReader r, JsonNode root, SchemaFiles schemaFiles) {
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
            SourceSpec source = source();
            List<SchemaVersion> schemas = schemas();
            EventFields event = event();
            List<FieldPath> groupBy = groupBy();
            WindowSpec window = window();
            Duration lateness = r.duration(root, "", "lateness", true, true).orElse(null);
            Duration horizon = dedupe(window, lateness);
            Duration idle = r.duration(root, "", "idlePartitionTimeout", false, false).orElse(DEFAULT_IDLE_TIMEOUT);
            List<AggregateSpec> aggregates = aggregates();
            List<QualityRule> rules = rules();
            List<PiiField> pii = pii(event, groupBy);
            Retention retention = retention();
            FreshnessObjective freshness = freshness();
            if (!r.problems().isEmpty()) {
                return null;
            }
            return new PipelineDefinition(name, description, source, schemas, event, groupBy, window, lateness,
                    horizon, idle, aggregates, rules, pii, retention, freshness);
        }

        private SourceSpec source() {
            JsonNode node = r.object(root, "", "source", true, "{topic: orders, format: json}").orElse(null);
            if (node == null) {
                return null;
            }
            r.rejectUnknownKeys(node, "source", Set.of("topic", "format"));
            String topic = r.text(node, "source", "topic", true, "orders").orElse(null);
            if (topic != null && !TOPIC.matcher(topic).matches()) {
                r.problem("source.topic", "'" + topic + "' is not a valid Kafka topic name",
                        "use letters, digits, '.', '_' or '-' (at most 249)");
                topic = null;
            }
            String formatText = r.text(node, "source", "format", false, "json").orElse("json");
            SourceFormat format = switch (formatText.toLowerCase(Locale.ROOT)) {
                case "json" -> SourceFormat.JSON;
                case "cloudevents" -> SourceFormat.CLOUDEVENTS;
                default -> {
                    r.problem("source.format", "'" + formatText + "' is not a supported format",
                            "use json or cloudevents");
                    yield null;
                }
            };
            return topic == null || format == null ? null : new SourceSpec(topic, format);
        }

        private List<SchemaVersion> schemas() {
            List<JsonNode> items = r.list(root, "", "schemas", true, "[{version: 1, file: orders.v1.schema.json}]")
                    .orElse(List.of());
            List<SchemaVersion> versions = new ArrayList<>();
            int previous = 0;
            for (int i = 0; i < items.size(); i++) {
                String at = "schemas[" + i + "]";
                JsonNode item = items.get(i);
                if (!item.isObject()) {
                    r.problem(at, "must be a mapping (was: " + DefinitionReader.show(item) + ")",
                            "write e.g. {version: 1, file: orders.v1.schema.json}");
                    continue;
                }
                r.rejectUnknownKeys(item, at, Set.of("version", "file"));
                JsonNode v = item.get("version");
                if (v == null || !v.canConvertToInt() || !v.isIntegralNumber() || v.intValue() < 1) {
                    r.problem(at + ".version", v == null ? "is missing" : "'" + v.asText() + "' is not a version number",
                            "use a whole number of 1 or more, increasing down the list");
                    continue;
                }
                if (v.intValue() <= previous) {
                    r.problem(at + ".version", "'" + v.intValue() + "' does not follow version " + previous,
                            "list versions oldest first, each higher than the one before");
                    continue;
                }
                previous = v.intValue();
                String fileName = r.text(item, at, "file", true, "orders.v" + v.intValue() + ".schema.json").orElse(null);
                if (fileName == null) {
                    continue;
                }
                readSchema(at + ".file", fileName)
                        .ifPresent(doc -> versions.add(new SchemaVersion(v.intValue(), fileName, doc)));
            }
            for (int i = 1; i < versions.size(); i++) {
                for (String problem : SchemaCompatibility.check(versions.get(i - 1), versions.get(i))) {
                    r.problem("schemas[" + i + "].file", problem,
                            "keep required fields and their types; add new fields as optional");
                }
            }
            if (!versions.isEmpty() && versions.size() == items.size()) {
                currentSchema = versions.get(versions.size() - 1).document();
            }
            return versions;
        }

        private Optional<JsonNode> readSchema(String at, String fileName) {
            Optional<byte[]> bytes;
            try {
                bytes = schemaFiles.read(fileName);
            } catch (IOException e) {
                r.problem(at, "'" + fileName + "' cannot be read: " + e.getMessage(), "check the file's permissions");
                return Optional.empty();
            }
            if (bytes.isEmpty()) {
                r.problem(at, "'" + fileName + "' does not exist", "give a path relative to the pipeline file");
                return Optional.empty();
            }
            JsonNode doc;
            try {
                doc = JSON.readTree(bytes.get());
            } catch (IOException e) {
                r.problem(at, "'" + fileName + "' is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""),
                        "fix the JSON Schema file");
                return Optional.empty();
            }
            if (doc == null || !doc.isObject() || !"object".equals(doc.path("type").asText())
                    || !doc.path("properties").isObject()) {
                r.problem(at, "'" + fileName + "' does not describe a JSON object",
                        "give the schema \"type\": \"object\" and \"properties\"");
                return Optional.empty();
            }
            List<String> metaProblems = SchemaDocuments.metaSchemaViolations(doc);
            if (!metaProblems.isEmpty()) {
                r.problem(at, "'" + fileName + "' is not a valid JSON Schema: " + String.join("; ", metaProblems),
                        "fix it against the JSON Schema specification it declares ($schema, default 2020-12)");
                return Optional.empty();
            }
            return Optional.of(doc);
        }

        private EventFields event() {
            JsonNode node = r.object(root, "", "event", true, "{id: orderId, time: createdAt}").orElse(null);
            if (node == null) {
                return null;
            }
            r.rejectUnknownKeys(node, "event", Set.of("id", "time"));
            FieldPath id = field(node, "event", "id", true, "orderId", Set.of("string", "integer"));
            FieldPath time = field(node, "event", "time", true, "createdAt", Set.of("string", "integer"));
            if (id != null && currentSchema != null && !SchemaFields.isRequired(currentSchema, id)) {
                r.problem("event.id", "'" + id + "' is not required by the current schema",
                        "add it to the schema's \"required\" list: every event needs an id");
            }
            if (time != null && currentSchema != null && !SchemaFields.isRequired(currentSchema, time)) {
                r.problem("event.time", "'" + time + "' is not required by the current schema",
                        "add it to the schema's \"required\" list: every event needs an event time");
            }
            return id == null || time == null ? null : new EventFields(id, time);
        }

        private List<FieldPath> groupBy() {
            JsonNode node = root.get("groupBy");
            if (node == null || node.isNull()) {
                return List.of();
            }
            if (!node.isArray()) {
                r.problem("groupBy", "must be a list (was: " + DefinitionReader.show(node) + ")",
                        "write e.g. groupBy: [storeId]");
                return List.of();
            }
            List<FieldPath> fields = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < node.size(); i++) {
                FieldPath f = fieldValue(node.get(i), "groupBy[" + i + "]", null);
                if (f != null && !seen.add(f.toString())) {
                    r.problem("groupBy[" + i + "]", "'" + f + "' is listed twice", "list each field once");
                } else if (f != null) {
                    fields.add(f);
                }
            }
            return fields;
        }

        private WindowSpec window() {
            JsonNode node = r.object(root, "", "window", true, "{type: tumbling, size: 60s}").orElse(null);
            if (node == null) {
                return null;
            }
            r.rejectUnknownKeys(node, "window", Set.of("type", "size", "slide"));
            String type = r.text(node, "window", "type", true, "tumbling").orElse(null);
            Duration size = r.duration(node, "window", "size", true, false).orElse(null);
            if (size != null && size.toNanos() % 1_000_000 != 0) {
                r.problem("window.size", "'" + node.get("size").asText() + "' is finer than a millisecond",
                        "use whole milliseconds, e.g. 60s");
                size = null;
            }
            if (type == null) {
                return null;
            }
            switch (type) {
                case "tumbling" -> {
                    if (node.has("slide")) {
                        r.problem("window.slide", "is only for hopping windows",
                                "remove it, or use type: hopping");
                    }
                    return size == null ? null : WindowSpec.tumbling(size);
                }
                case "hopping" -> {
                    Duration slide = r.duration(node, "window", "slide", true, false).orElse(null);
                    if (size == null || slide == null) {
                        return null;
                    }
                    if (slide.compareTo(size) > 0 || size.toMillis() % slide.toMillis() != 0
                            || slide.toNanos() % 1_000_000 != 0) {
                        r.problem("window.slide", "'" + node.get("slide").asText() + "' does not divide the size "
                                + node.get("size").asText(), "use a slide that divides the size, e.g. size 60s, slide 30s");
                        return null;
                    }
                    return WindowSpec.hopping(size, slide);
                }
                default -> {
                    r.problem("window.type", "'" + type + "' is not a window type", "use tumbling or hopping");
                    return null;
                }
            }
        }

        private Duration dedupe(WindowSpec window, Duration lateness) {
            JsonNode node = r.object(root, "", "dedupe", false, "{horizon: 10m}").orElse(null);
            Duration horizon = null;
            if (node != null) {
                r.rejectUnknownKeys(node, "dedupe", Set.of("horizon"));
                horizon = r.duration(node, "dedupe", "horizon", true, false).orElse(null);
            }
            if (window == null || lateness == null) {
                return horizon;
            }
            Duration minimum = window.size().plus(lateness);
            if (horizon == null) {
                return node == null ? minimum : null;
            }
            if (horizon.compareTo(minimum) < 0) {
                r.problem("dedupe.horizon", "'" + node.get("horizon").asText()
                        + "' is shorter than the window size plus the lateness (" + minimum.toSeconds() + "s)",
                        "use at least " + minimum.toSeconds() + "s, so a duplicate is caught while its window can still change");
                return null;
            }
            return horizon;
        }

        private List<AggregateSpec> aggregates() {
            List<JsonNode> items = r.list(root, "", "aggregates", true, "[{name: orders, function: count}]")
                    .orElse(List.of());
            if (items.isEmpty() && root.has("aggregates")) {
                r.problem("aggregates", "is empty", "add at least one, e.g. {name: orders, function: count}");
            }
            List<AggregateSpec> specs = new ArrayList<>();
            Set<String> names = new HashSet<>();
            for (int i = 0; i < items.size(); i++) {
                String at = "aggregates[" + i + "]";
                JsonNode item = items.get(i);
                if (!item.isObject()) {
                    r.problem(at, "must be a mapping (was: " + DefinitionReader.show(item) + ")",
                            "write e.g. {name: revenue, function: sum, field: amount}");
                    continue;
                }
                r.rejectUnknownKeys(item, at, Set.of("name", "function", "field", "quantiles"));
                String name = r.text(item, at, "name", true, "revenue").orElse(null);
                if (name != null && !FIELD.matcher(name).matches()) {
                    r.problem(at + ".name", "'" + name + "' is not a valid aggregate name",
                            "use letters, digits and '_', starting with a letter");
                    name = null;
                } else if (name != null && !names.add(name)) {
                    r.problem(at + ".name", "'" + name + "' is used by another aggregate", "give each aggregate its own name");
                    name = null;
                }
                String fnText = r.text(item, at, "function", true, "sum").orElse(null);
                AggregateFunction fn = null;
                if (fnText != null) {
                    try {
                        fn = AggregateFunction.valueOf(fnText.toUpperCase(Locale.ROOT));
                    } catch (IllegalArgumentException e) {
                        r.problem(at + ".function", "'" + fnText + "' is not an aggregate function",
                                "use one of count, sum, min, max, avg, distinct, quantiles");
                    }
                }
                if (fn == null || name == null) {
                    continue;
                }
                FieldPath field = null;
                if (fn.needsField()) {
                    field = field(item, at, "field", true, "amount",
                            fn.needsNumber() ? Set.of("number", "integer") : null);
                } else if (item.has("field")) {
                    r.problem(at + ".field", "count takes no field", "remove it; count counts events");
                }
                List<Double> quantiles = List.of();
                if (fn == AggregateFunction.QUANTILES) {
                    quantiles = ranks(item, at);
                } else if (item.has("quantiles")) {
                    r.problem(at + ".quantiles", "is only for the quantiles function", "remove it");
                }
                if ((fn.needsField() && field == null) || (fn == AggregateFunction.QUANTILES && quantiles.isEmpty())) {
                    continue;
                }
                specs.add(new AggregateSpec(name, fn, Optional.ofNullable(field), quantiles));
            }
            return specs;
        }

        private List<Double> ranks(JsonNode item, String at) {
            List<JsonNode> ranks = r.list(item, at, "quantiles", true, "[0.5, 0.99]").orElse(List.of());
            List<Double> out = new ArrayList<>();
            for (int j = 0; j < ranks.size(); j++) {
                JsonNode q = ranks.get(j);
                if (!q.isNumber() || !(q.doubleValue() > 0 && q.doubleValue() < 1)) {
                    r.problem(at + ".quantiles[" + j + "]", DefinitionReader.show(q) + " is not a rank in (0, 1)",
                            "use e.g. 0.5 for the median, 0.99 for the 99th percentile");
                    return List.of();
                }
                out.add(q.doubleValue());
            }
            if (ranks.isEmpty() && item.has("quantiles")) {
                r.problem(at + ".quantiles", "is empty", "list the ranks to report, e.g. [0.5, 0.99]");
            }
            return out;
        }

        private List<QualityRule> rules() {
            List<JsonNode> items = r.list(root, "", "rules", false, "[{name: positive, field: amount, range: {min: 0}}]")
                    .orElse(List.of());
            List<QualityRule> rules = new ArrayList<>();
            Set<String> names = new HashSet<>();
            for (int i = 0; i < items.size(); i++) {
                String at = "rules[" + i + "]";
                JsonNode item = items.get(i);
                if (!item.isObject()) {
                    r.problem(at, "must be a mapping (was: " + DefinitionReader.show(item) + ")",
                            "write e.g. {name: positive-amount, field: amount, range: {min: 0}}");
                    continue;
                }
                r.rejectUnknownKeys(item, at, Set.of("name", "field", "range", "pattern", "allowed", "required"));
                String name = r.text(item, at, "name", true, "positive-amount").orElse(null);
                if (name != null && !names.add(name)) {
                    r.problem(at + ".name", "'" + name + "' is used by another rule", "give each rule its own name");
                    name = null;
                }
                List<String> kinds = new ArrayList<>();
                for (String k : List.of("range", "pattern", "allowed", "required")) {
                    if (item.has(k)) {
                        kinds.add(k);
                    }
                }
                if (kinds.size() != 1) {
                    r.problem(at, kinds.isEmpty() ? "says nothing to check" : "mixes " + kinds,
                            "give exactly one of range, pattern, allowed or required");
                    continue;
                }
                String kind = kinds.get(0);
                Set<String> types = switch (kind) {
                    case "range" -> Set.of("number", "integer");
                    case "pattern" -> Set.of("string");
                    default -> null;
                };
                FieldPath field = field(item, at, "field", true, "amount", types);
                if (name == null || field == null) {
                    continue;
                }
                rule(item, at, kind, name, field).ifPresent(rules::add);
            }
            return rules;
        }

        private Optional<QualityRule> rule(JsonNode item, String at, String kind, String name, FieldPath field) {
            switch (kind) {
                case "range" -> {
                    JsonNode range = r.object(item, at, "range", true, "{min: 0, max: 10000}").orElse(null);
                    if (range == null) {
                        return Optional.empty();
                    }
                    r.rejectUnknownKeys(range, at + ".range", Set.of("min", "max"));
                    Optional<BigDecimal> min = r.number(range, at + ".range", "min");
                    Optional<BigDecimal> max = r.number(range, at + ".range", "max");
                    if (min.isEmpty() && max.isEmpty()) {
                        r.problem(at + ".range", "has neither min nor max", "give min, max or both, e.g. {min: 0}");
                        return Optional.empty();
                    }
                    if (min.isPresent() && max.isPresent() && min.get().compareTo(max.get()) > 0) {
                        r.problem(at + ".range", "min " + min.get() + " is above max " + max.get(), "swap them");
                        return Optional.empty();
                    }
                    return Optional.of(new RangeRule(name, field, min, max));
                }
                case "pattern" -> {
                    String regex = r.text(item, at, "pattern", true, "'^[A-Z]{3}$'").orElse(null);
                    if (regex == null) {
                        return Optional.empty();
                    }
                    try {
                        return Optional.of(new PatternRule(name, field, Pattern.compile(regex)));
                    } catch (PatternSyntaxException e) {
                        r.problem(at + ".pattern", "'" + regex + "' is not a regular expression: " + e.getDescription(),
                                "write a Java regular expression, e.g. '^[A-Z]{3}$'");
                        return Optional.empty();
                    }
                }
                case "allowed" -> {
                    List<JsonNode> values = r.list(item, at, "allowed", true, "[EUR, USD]").orElse(List.of());
                    Set<String> allowed = new LinkedHashSet<>();
                    values.forEach(v -> allowed.add(v.asText()));
                    if (allowed.isEmpty()) {
                        r.problem(at + ".allowed", "is empty", "list the allowed values, e.g. [EUR, USD]");
                        return Optional.empty();
                    }
                    return Optional.of(new AllowedValuesRule(name, field, allowed));
                }
                default -> {
                    JsonNode required = item.get("required");
                    if (!required.isBoolean() || !required.booleanValue()) {
                        r.problem(at + ".required", "must be true (was: " + DefinitionReader.show(required) + ")",
                                "write required: true, or remove the rule");
                        return Optional.empty();
                    }
                    return Optional.of(new RequiredRule(name, field));
                }
            }
        }

        private List<PiiField> pii(EventFields event, List<FieldPath> groupBy) {
            List<JsonNode> items = r.list(root, "", "pii", false, "[{field: customer.email, mask: hmac}]").orElse(List.of());
            List<PiiField> out = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                String at = "pii[" + i + "]";
                JsonNode item = items.get(i);
                if (!item.isObject()) {
                    r.problem(at, "must be a mapping (was: " + DefinitionReader.show(item) + ")",
                            "write e.g. {field: customer.email, mask: hmac}");
                    continue;
                }
                r.rejectUnknownKeys(item, at, Set.of("field", "mask"));
                FieldPath field = field(item, at, "field", true, "customer.email", null);
                String maskText = r.text(item, at, "mask", true, "hmac").orElse(null);
                MaskMethod mask = null;
                if (maskText != null) {
                    try {
                        mask = MaskMethod.valueOf(maskText.toUpperCase(Locale.ROOT));
                    } catch (IllegalArgumentException e) {
                        r.problem(at + ".mask", "'" + maskText + "' is not a masking method", "use hmac or redact");
                    }
                }
                if (field == null || mask == null) {
                    continue;
                }
                if (event != null && field.equals(event.time())) {
                    r.problem(at + ".field", "'" + field + "' is the event time, which cannot be masked",
                            "keep the event time out of pii");
                    continue;
                }
                if (mask == MaskMethod.REDACT && event != null && field.equals(event.id())) {
                    r.problem(at + ".mask", "redacting the event id '" + field + "' makes every event a duplicate",
                            "use mask: hmac");
                    continue;
                }
                if (mask == MaskMethod.REDACT && groupBy.contains(field)) {
                    r.problem(at + ".mask", "redacting the group-by field '" + field + "' merges all groups",
                            "use mask: hmac");
                    continue;
                }
                out.add(new PiiField(field, mask));
            }
            return out;
        }

        private Retention retention() {
            JsonNode node = r.object(root, "", "retention", false, "{raw: 30d, results: 400d}").orElse(null);
            if (node == null) {
                return DEFAULT_RETENTION;
            }
            r.rejectUnknownKeys(node, "retention", Set.of("raw", "results"));
            Duration raw = r.duration(node, "retention", "raw", false, false).orElse(DEFAULT_RETENTION.raw());
            Duration results = r.duration(node, "retention", "results", false, false).orElse(DEFAULT_RETENTION.results());
            return new Retention(raw, results);
        }

        private FreshnessObjective freshness() {
            JsonNode node = r.object(root, "", "freshness", false, "{latency: 5s, target: 0.99}").orElse(null);
            if (node == null) {
                return DEFAULT_FRESHNESS;
            }
            r.rejectUnknownKeys(node, "freshness", Set.of("latency", "target"));
            Duration latency = r.duration(node, "freshness", "latency", false, false).orElse(DEFAULT_FRESHNESS.latency());
            double target = DEFAULT_FRESHNESS.target();
            JsonNode t = node.get("target");
            if (t != null) {
                if (!t.isNumber() || !(t.doubleValue() > 0 && t.doubleValue() <= 1)) {
                    r.problem("freshness.target", DefinitionReader.show(t) + " is not a fraction in (0, 1]",
                            "use e.g. 0.99 for 99% of records");
                } else {
                    target = t.doubleValue();
                }
            }
            return new FreshnessObjective(latency, target);
        }

        /** A field reference that must be declared in the current schema with one of {@code types} (null: any). */
        private FieldPath field(JsonNode parent, String at, String key, boolean required, String example,
                Set<String> types) {
            JsonNode node = parent.get(key);
            if (node == null || node.isNull()) {
                if (required) {
                    r.problem(DefinitionReader.path(at, key), "is missing", "add it, e.g. " + key + ": " + example);
                }
                return null;
            }
            return fieldValue(node, DefinitionReader.path(at, key), types);
        }

        private FieldPath fieldValue(JsonNode node, String at, Set<String> types) {
            if (!node.isTextual() || !FIELD.matcher(node.asText()).matches()) {
                r.problem(at, DefinitionReader.show(node) + " is not a field path",
                        "name a schema property, nested ones with dots, e.g. customer.email");
                return null;
            }
            FieldPath field = FieldPath.parse(node.asText());
            if (currentSchema == null) {
                return field;
            }
            Optional<Set<String>> declared = SchemaFields.typesOf(currentSchema, field);
            if (declared.isEmpty()) {
                r.problem(at, "'" + field + "' is not declared in the current schema",
                        "add it to the schema's properties or name a declared field");
                return null;
            }
            if (types != null && !declared.get().isEmpty() && declared.get().stream().noneMatch(types::contains)) {
                r.problem(at, "'" + field + "' has type " + declared.get() + " in the current schema",
                        "name a field of type " + String.join(" or ", new java.util.TreeSet<>(types)));
                return null;
            }
            return field;
        }
    }
}
