package dev.tandem.shared.decode;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.tandem.shared.aggregate.Aggregation;
import dev.tandem.shared.definition.EventFields;
import dev.tandem.shared.definition.PipelineDefinition;
import dev.tandem.shared.definition.SourceFormat;
import dev.tandem.shared.json.PayloadReader;
import dev.tandem.shared.masking.Masker;
import dev.tandem.shared.masking.PiiField;
import dev.tandem.shared.validation.EventValidator;
import dev.tandem.shared.validation.Violation;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.core.format.EventDeserializationException;
import io.cloudevents.core.provider.EventFormatProvider;
import io.cloudevents.jackson.JsonFormat;
import io.cloudevents.SpecVersion;
import dev.tandem.shared.record.AggregateInputs;
import dev.tandem.shared.record.Envelope;
import dev.tandem.shared.record.EventTimes;
import dev.tandem.shared.record.GroupKey;
import dev.tandem.shared.record.GroupKeys;
import dev.tandem.shared.record.FieldPath;
import dev.tandem.shared.record.LandedPayload;
import dev.tandem.shared.record.RawRecord;
import dev.tandem.shared.record.RecordHeader;

/**
 * Decodes, validates and masks raw records: the first step of both rhythms. Thread-safe.
 *
 * <p>Order matters and is the same everywhere: parse the value (JSON, or the data of a
 * CloudEvent) → validate it against the schema of its version and the rules (on the original
 * values, so rules can check PII formats) → read event id and time → mask PII → compute the
 * group key from the masked payload (so a group-by field under HMAC groups by its HMAC in both
 * rhythms).
 *
 * <p>The schema version comes from the {@value #SCHEMA_VERSION_HEADER} header or the CloudEvents
 * extension {@value #SCHEMA_VERSION_EXTENSION}; without either, the current version applies.
 * Trace context comes from the {@code traceparent} header or CloudEvents extension.
 */
public final class RecordDecoder {

    public static final String SCHEMA_VERSION_HEADER = "tandem-schema-version";
    public static final String SCHEMA_VERSION_EXTENSION = "schemaversion";
    public static final String TRACEPARENT = "traceparent";
    private static final String CE_HEADER_PREFIX = "ce_";
    /** Ids are kept in dedupe state; longer ones are certainly not ids. */
    public static final int MAX_ID_LENGTH = 1024;
    /** The dead-letter rule of an event time too far ahead of, or behind, its record's produce time. */
    public static final String OUT_OF_RANGE = "event-time/out-of-range";

    private final PipelineDefinition definition;
    private final long maxAheadMs;
    private final long maxBehindMs;
    private final EventValidator validator;
    private final Masker masker;
    private final boolean idIsPii;
    private final List<FieldPath> piiPaths;
    private final PayloadReader payloads;
    private final Aggregation aggregation;
    private final GroupKeys groupKeys;
    /** The payload properties a valid envelope keeps when its landed bytes are known; null: all. */
    private final Set<String> foldedOnly;

    private RecordDecoder(PipelineDefinition definition, EventValidator validator, Masker masker,
            Set<String> foldedOnly) {
        this.definition = definition;
        this.validator = validator;
        this.masker = masker;
        this.maxAheadMs = definition.event().maxAhead().toMillis();
        this.maxBehindMs = definition.retention().raw().toMillis();
        this.idIsPii = definition.pii().stream().anyMatch(p -> p.field().equals(definition.event().id()));
        this.piiPaths = definition.pii().stream().map(PiiField::field).toList();
        this.payloads = PayloadReader.of(piiPaths);
        this.aggregation = Aggregation.of(definition.aggregates());
        this.groupKeys = new GroupKeys(definition.groupBy());
        this.foldedOnly = foldedOnly;
    }

    public static RecordDecoder of(PipelineDefinition definition, Masker masker) {
        return new RecordDecoder(definition, EventValidator.of(definition.schemas(), definition.rules()), masker, null);
    }

    /**
     * This decoder for a caller that lands each envelope's {@link Envelope#landed() bytes} and folds
     * it, as a micro-batch does: a valid envelope whose landed bytes are known keeps of its payload
     * only the top-level properties the aggregates read ({@link Aggregation#payloadProperties()}),
     * as a batch run's envelopes read back from segments do. Everything else is decided as by this
     * decoder. A micro-batch holds its envelopes until its checkpoint: whole trees of every record
     * were most of what its young collections had to copy.
     */
    public RecordDecoder forLandAndFold() {
        return foldedOnly != null ? this
                : new RecordDecoder(definition, validator, masker, aggregation.payloadProperties());
    }

    public PipelineDefinition definition() {
        return definition;
    }

    public Decoded decode(RawRecord raw) {
        if (raw.value() == null) {
            return invalid(raw, new Violation("json", "", "", "the record has no value (a tombstone)"));
        }
        Parsed parsed = definition.source().format() == SourceFormat.CLOUDEVENTS ? parseCloudEvent(raw) : parseJson(raw);
        if (parsed.violation != null) {
            return invalid(raw, parsed.violation);
        }
        int version;
        try {
            version = parsed.schemaVersion.map(Integer::parseInt).orElse(definition.currentSchema().version());
        } catch (NumberFormatException e) {
            return invalid(raw, new Violation("schema-version", "", parsed.schemaVersion.get(), "is not a version number"));
        }
        List<Violation> violations = new ArrayList<>(validator.validate(parsed.payload, version));
        JsonNode idNode = definition.event().id().get(parsed.payload);
        String id = idNode.isTextual() || idNode.isIntegralNumber() ? idNode.asText() : null;
        if (id == null || id.isEmpty() || id.length() > MAX_ID_LENGTH) {
            violations.add(new Violation("event-id", definition.event().id().toString(), show(idNode),
                    "the event id must be non-empty text of at most " + MAX_ID_LENGTH + " characters or a whole number"));
        }
        JsonNode timeNode = definition.event().time().get(parsed.payload);
        Long time = eventTime(timeNode, definition.event().timeUnit());
        if (time == null) {
            violations.add(new Violation("event-time", definition.event().time().toString(), show(timeNode),
                    "the event time must be an RFC 3339 timestamp with offset or epoch "
                            + (definition.event().timeUnit() == EventFields.TimeUnit.SECONDS ? "seconds" : "milliseconds")));
        } else if (raw.timestampMs() > 0 && time - raw.timestampMs() > maxAheadMs) {
            // Judged against the record's own produce time, not the processing clock: a batch run
            // again after a crash decides exactly as the first attempt did. (A record without a
            // produce time, timestamp -1, is not judged.)
            violations.add(new Violation(OUT_OF_RANGE, definition.event().time().toString(), show(timeNode),
                    "the event time is more than " + definition.event().maxAhead().toString().substring(2).toLowerCase()
                            + " ahead of the record's produce time " + java.time.Instant.ofEpochMilli(raw.timestampMs())
                            + " (event.maxAhead)"));
        } else if (raw.timestampMs() > 0 && raw.timestampMs() - time > maxBehindMs) {
            // Older than the raw retention at its own produce time: its segment would be deleted by
            // the next retention run, and its windows' results with it, so it is not landed at all.
            violations.add(new Violation(OUT_OF_RANGE, definition.event().time().toString(), show(timeNode),
                    "the event time is more than " + definition.retention().raw().toDays()
                            + " days before the record's produce time " + java.time.Instant.ofEpochMilli(raw.timestampMs())
                            + ", older than the raw data is kept (retention.raw)"));
        }
        if (!violations.isEmpty()) {
            return new Decoded.Invalid(raw, violations);
        }
        // The payload was parsed here and nothing else holds it: masked in place.
        JsonNode masked = masker.maskOwned(parsed.payload);
        if (idIsPii) {
            id = definition.event().id().get(masked).asText();
        }
        GroupKey group = groupKeys.of(masked);
        // The bytes that came are landed, masked values spliced in: nothing is serialised again.
        byte[] landed = LandedPayload.spliced(parsed.landing, masked, piiPaths);
        AggregateInputs inputs = aggregation.inputs(masked);
        if (landed != null && foldedOnly != null && masked instanceof ObjectNode object) {
            object.retain(foldedOnly);
        }
        return new Decoded.Valid(raw, new Envelope(id, time, group, raw.source(), raw.timestampMs(), version,
                parsed.traceparent, masked, landed, inputs));
    }

    private static Long eventTime(JsonNode node, EventFields.TimeUnit unit) {
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return unit.toEpochMillis(node.longValue());
        }
        if (node.isTextual()) {
            return EventTimes.epochMillis(node.textValue());
        }
        return null;
    }

    private Parsed parseJson(RawRecord raw) {
        Optional<String> trace = raw.header(TRACEPARENT);
        Optional<String> version = raw.header(SCHEMA_VERSION_HEADER);
        return parsePayload(raw.value(), "json").withContext(trace, version);
    }

    private Parsed parsePayload(byte[] bytes, String rule) {
        try {
            // One pass: the tree, and where the values to mask lie in the bytes (to land them as they came).
            LandedPayload.Parsed parsed = payloads.parse(bytes);
            JsonNode node = parsed.tree();
            if (node == null || !node.isObject()) {
                return Parsed.failed(new Violation(rule, "", snippet(bytes), "the event is not a JSON object"));
            }
            return Parsed.ok(node, parsed);
        } catch (IOException e) {
            String reason = e instanceof com.fasterxml.jackson.core.JsonProcessingException jpe ? jpe.getOriginalMessage()
                    : e.getMessage();
            return Parsed.failed(new Violation(rule, "", snippet(bytes), "not valid JSON: " + reason));
        }
    }

    private Parsed parseCloudEvent(RawRecord raw) {
        boolean binary = raw.header(CE_HEADER_PREFIX + "specversion").isPresent();
        CloudEvent event;
        try {
            event = binary ? binaryEvent(raw) : EventFormatProvider.getInstance()
                    .resolveFormat(JsonFormat.CONTENT_TYPE).deserialize(raw.value());
        } catch (EventDeserializationException | IllegalStateException | IllegalArgumentException | DateTimeParseException e) {
            String cause = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause().getMessage()
                    : e.getMessage();
            return Parsed.failed(new Violation("cloudevents", "", snippet(raw.value()),
                    "not a valid CloudEvent (" + (binary ? "binary" : "structured") + " mode): " + cause));
        }
        if (event.getData() == null) {
            return Parsed.failed(new Violation("cloudevents", "data", "", "the CloudEvent has no data"));
        }
        String contentType = event.getDataContentType();
        if (contentType != null && !contentType.toLowerCase(Locale.ROOT).contains("json")) {
            return Parsed.failed(new Violation("cloudevents", "datacontenttype", contentType,
                    "the data must be JSON"));
        }
        Optional<String> trace = Optional.ofNullable(event.getExtension(TRACEPARENT)).map(Object::toString)
                .or(() -> raw.header(TRACEPARENT));
        Optional<String> version = Optional.ofNullable(event.getExtension(SCHEMA_VERSION_EXTENSION)).map(Object::toString);
        return parsePayload(event.getData().toBytes(), "cloudevents").withContext(trace, version);
    }

    /** Binary mode: attributes in {@code ce_} headers, the data in the value. */
    private static CloudEvent binaryEvent(RawRecord raw) {
        SpecVersion spec = SpecVersion.parse(raw.header(CE_HEADER_PREFIX + "specversion").orElseThrow());
        CloudEventBuilder builder = CloudEventBuilder.fromSpecVersion(spec);
        for (RecordHeader h : raw.headers()) {
            String key = h.key().toLowerCase(Locale.ROOT);
            if (!key.startsWith(CE_HEADER_PREFIX) || key.equals(CE_HEADER_PREFIX + "specversion")) {
                continue;
            }
            String name = key.substring(CE_HEADER_PREFIX.length());
            String value = h.valueAsString();
            switch (name) {
                case "id" -> builder.withId(value);
                case "source" -> builder.withSource(uri(value, "source"));
                case "type" -> builder.withType(value);
                case "subject" -> builder.withSubject(value);
                case "dataschema" -> builder.withDataSchema(uri(value, "dataschema"));
                case "time" -> builder.withTime(OffsetDateTime.parse(value));
                default -> builder.withExtension(name, value);
            }
        }
        raw.header("content-type").ifPresent(builder::withDataContentType);
        return builder.withData(raw.value()).build();
    }

    private static URI uri(String value, String attribute) {
        try {
            return new URI(value);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("attribute " + attribute + " is not a URI: " + value, e);
        }
    }

    private static Decoded invalid(RawRecord raw, Violation violation) {
        return new Decoded.Invalid(raw, List.of(violation));
    }

    private static String show(JsonNode node) {
        return node.isMissingNode() ? "" : node.toString();
    }

    private static String snippet(byte[] bytes) {
        int n = Math.min(bytes.length, 200);
        return new String(bytes, 0, n, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** {@code landing}: what {@link LandedPayload#spliced} needs to land the payload's bytes. */
    private record Parsed(JsonNode payload, LandedPayload.Parsed landing, Violation violation,
            Optional<String> traceparent, Optional<String> schemaVersion) {

        static Parsed ok(JsonNode payload, LandedPayload.Parsed landing) {
            return new Parsed(payload, landing, null, Optional.empty(), Optional.empty());
        }

        static Parsed failed(Violation violation) {
            return new Parsed(null, null, violation, Optional.empty(), Optional.empty());
        }

        Parsed withContext(Optional<String> trace, Optional<String> version) {
            return violation != null ? this : new Parsed(payload, landing, null, trace, version);
        }
    }
}
