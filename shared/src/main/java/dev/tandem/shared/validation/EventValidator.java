package dev.tandem.shared.validation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.OutputFormat;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.SpecVersionDetector;
import com.networknt.schema.ValidationMessage;

import dev.tandem.shared.schema.SchemaVersion;

/**
 * Validates event payloads against the JSON Schema of their version and the pipeline's rules,
 * collecting every violation. Thread-safe once built.
 */
public final class EventValidator {

    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            // "format" (e.g. date-time) is asserted, not only annotated, as producers expect.
            .formatAssertionsEnabled(true)
            .build();

    private final Map<Integer, JsonSchema> schemas = new TreeMap<>();
    /** The versions whose schema the fast path covers; the others are checked by networknt alone. */
    private final Map<Integer, CompiledSchema> fast = new TreeMap<>();
    private final List<QualityRule> rules;

    private EventValidator(List<SchemaVersion> versions, List<QualityRule> rules, boolean fastPath) {
        for (SchemaVersion v : versions) {
            schemas.put(v.version(), compile(v.document()));
            if (fastPath) {
                CompiledSchema.compile(v.document()).ifPresent(c -> fast.put(v.version(), c));
            }
        }
        this.rules = List.copyOf(rules);
    }

    public static EventValidator of(List<SchemaVersion> versions, List<QualityRule> rules) {
        return of(versions, rules, true);
    }

    /**
     * With {@code fastPath} false, networknt decides every payload: the reference the fast path is
     * tested against.
     */
    public static EventValidator of(List<SchemaVersion> versions, List<QualityRule> rules, boolean fastPath) {
        if (versions.isEmpty()) {
            throw new IllegalArgumentException("An event validator needs at least one schema version");
        }
        return new EventValidator(versions, rules, fastPath);
    }

    /** Whether the schema of {@code version} is checked by the compiled fast path. */
    public boolean compiled(int version) {
        return fast.containsKey(version);
    }

    static JsonSchema compile(JsonNode document) {
        SpecVersion.VersionFlag flag = SpecVersionDetector.detectOptionalVersion(document, false)
                .orElse(SpecVersion.VersionFlag.V202012);
        return JsonSchemaFactory.getInstance(flag).getSchema(document, CONFIG);
    }

    public boolean knowsVersion(int version) {
        return schemas.containsKey(version);
    }

    /** Every violation of the schema of {@code version} and of the rules; empty if the payload is valid. */
    public List<Violation> validate(JsonNode payload, int version) {
        JsonSchema schema = schemas.get(version);
        if (schema == null) {
            return List.of(new Violation("schema-version", "", Integer.toString(version),
                    "unknown schema version; known: " + schemas.keySet()));
        }
        // Most events are valid: a yes/no check first (compiled where the schema allows, else networknt's
        // fail-fast one), networknt's full report only for the others — so every message is the library's.
        CompiledSchema compiled = fast.get(version);
        boolean valid = compiled != null ? compiled.valid(payload)
                : Boolean.TRUE.equals(schema.validate(payload, OutputFormat.BOOLEAN));
        List<Violation> violations = null;
        if (!valid) {
            violations = new ArrayList<>();
            schema.validate(payload).stream().sorted(BY_LOCATION).map(EventValidator::toViolation)
                    .forEach(violations::add);
        }
        // A valid event allocates nothing here: no list, no stream (this runs for every record).
        for (QualityRule rule : rules) {
            Optional<Violation> broken = rule.check(payload);
            if (broken.isPresent()) {
                if (violations == null) {
                    violations = new ArrayList<>();
                }
                violations.add(broken.get());
            }
        }
        return violations == null ? List.of() : violations;
    }

    private static final Comparator<ValidationMessage> BY_LOCATION = Comparator
            .comparing((ValidationMessage m) -> m.getInstanceLocation().toString())
            .thenComparing(ValidationMessage::getType).thenComparing(ValidationMessage::getMessage);

    private static Violation toViolation(ValidationMessage m) {
        String field = dotted(m.getInstanceLocation().toString());
        if ("required".equals(m.getType()) && m.getProperty() != null) {
            field = field.isEmpty() ? m.getProperty() : field + "." + m.getProperty();
        }
        JsonNode instance = m.getInstanceNode();
        String value = "required".equals(m.getType()) || instance == null ? "" : instance.toString();
        return new Violation("schema/" + m.getType(), field, value, m.getError() != null ? m.getError() : m.getMessage());
    }

    /** {@code /customer/email} or {@code $.customer.email} → {@code customer.email}; the root → empty. */
    private static String dotted(String instanceLocation) {
        if (instanceLocation.equals("$") || instanceLocation.isEmpty() || instanceLocation.equals("/")) {
            return "";
        }
        if (instanceLocation.startsWith("$.")) {
            return instanceLocation.substring(2);
        }
        if (instanceLocation.startsWith("/")) {
            return instanceLocation.substring(1).replace("/", ".").replace("~1", "/").replace("~0", "~");
        }
        return instanceLocation;
    }
}
