package dev.tandem.shared.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.tandem.shared.aggregate.AggregateFunction;
import dev.tandem.shared.masking.MaskMethod;
import dev.tandem.shared.record.FieldPath;
import dev.tandem.shared.validation.AllowedValuesRule;
import dev.tandem.shared.validation.RangeRule;

class PipelineDefinitionLoaderTest {

    static final String ORDERS = resource("pipelines/orders.yaml");

    @Test
    void shouldLoadTheOrdersExample() {
        PipelineDefinition d = PipelineDefinitionLoader.loadResource("pipelines/orders.yaml");

        assertThat(d.name()).isEqualTo("orders");
        assertThat(d.source()).isEqualTo(new SourceSpec("orders", SourceFormat.JSON));
        assertThat(d.schemas()).extracting(s -> s.version()).containsExactly(1, 2);
        assertThat(d.currentSchema().version()).isEqualTo(2);
        assertThat(d.event()).isEqualTo(new EventFields(FieldPath.parse("orderId"), FieldPath.parse("createdAt")));
        assertThat(d.groupBy()).containsExactly(FieldPath.parse("storeId"));
        assertThat(d.window().isTumbling()).isTrue();
        assertThat(d.window().size()).isEqualTo(Duration.ofSeconds(60));
        assertThat(d.allowedLateness()).isEqualTo(Duration.ofSeconds(30));
        assertThat(d.dedupeHorizon()).isEqualTo(Duration.ofMinutes(10));
        assertThat(d.idlePartitionTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(d.aggregates()).extracting(a -> a.name() + "=" + a.function())
                .containsExactly("orders=COUNT", "revenue=SUM", "smallestOrder=MIN", "largestOrder=MAX",
                        "averageOrder=AVG", "customers=DISTINCT", "orderSize=QUANTILES");
        assertThat(d.aggregates().get(6).quantiles()).containsExactly(0.5, 0.9, 0.99);
        assertThat(d.rules()).hasSize(2).first().isInstanceOf(RangeRule.class);
        assertThat(d.rules().get(1)).isInstanceOf(AllowedValuesRule.class);
        assertThat(d.pii()).extracting(p -> p.field() + ":" + p.method())
                .containsExactly("customer.id:" + MaskMethod.HMAC, "customer.email:" + MaskMethod.REDACT);
        assertThat(d.retention()).isEqualTo(new Retention(Duration.ofDays(30), Duration.ofDays(400)));
        assertThat(d.freshness()).isEqualTo(new FreshnessObjective(Duration.ofSeconds(5), 0.99));
        assertThat(d.deadLetterTopic()).isEqualTo("orders.dlq");
        assertThat(d.resultsTopic()).isEqualTo("orders.results");
    }

    @Test
    void shouldResolveSchemaFilesNextToADefinitionOnDisk(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("orders.yaml"), ORDERS);
        Files.writeString(dir.resolve("orders.v1.schema.json"), resource("pipelines/orders.v1.schema.json"));
        Files.writeString(dir.resolve("orders.v2.schema.json"), resource("pipelines/orders.v2.schema.json"));

        assertThat(PipelineDefinitionLoader.load(dir.resolve("orders.yaml")).name()).isEqualTo("orders");
    }

    @Test
    void shouldApplyDefaultsForOptionalSections() {
        String minimal = """
                pipeline: clicks
                source: {topic: clicks}
                schemas: [{version: 1, file: orders.v1.schema.json}]
                event: {id: orderId, time: createdAt}
                window: {type: hopping, size: 60s, slide: 20s}
                lateness: 0s
                aggregates: [{name: n, function: count}]
                """;
        PipelineDefinition d = load(minimal, Map.of());

        assertThat(d.source().format()).isEqualTo(SourceFormat.JSON);
        assertThat(d.groupBy()).isEmpty();
        assertThat(d.window().windowsPerEvent()).isEqualTo(3);
        assertThat(d.dedupeHorizon()).as("window size + lateness").isEqualTo(Duration.ofSeconds(60));
        assertThat(d.idlePartitionTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(d.rules()).isEmpty();
        assertThat(d.pii()).isEmpty();
        assertThat(d.retention()).isEqualTo(PipelineDefinitionLoader.DEFAULT_RETENTION);
        assertThat(d.freshness()).isEqualTo(PipelineDefinitionLoader.DEFAULT_FRESHNESS);
    }

    static Stream<Arguments> invalidDefinitions() {
        return Stream.of(
                Arguments.of("size: 60s", "size: 90x",
                        "orders.yaml: window.size: '90x' is not a duration; use e.g. 60s, 5m"),
                Arguments.of("window:", "windw:",
                        "orders.yaml: windw: is not a known field; did you mean 'window'?"),
                Arguments.of("lateness: 30s", "lateness: -5s",
                        "orders.yaml: lateness: '-5s' is not a duration; use e.g. 60s, 5m"),
                Arguments.of("pipeline: orders", "pipeline: Orders!",
                        "orders.yaml: pipeline: 'Orders!' is not a valid pipeline name; use 1 to 63 lower-case letters,"
                                + " digits or hyphens, starting with a letter, e.g. orders"),
                Arguments.of("  format: json ", "  format: xml ",
                        "orders.yaml: source.format: 'xml' is not a supported format; use json or cloudevents"),
                Arguments.of("  topic: orders", "  topic: 'orders topic'",
                        "orders.yaml: source.topic: 'orders topic' is not a valid Kafka topic name; use letters, digits,"
                                + " '.', '_' or '-' (at most 249)"),
                Arguments.of("  type: tumbling            # tumbling | hopping (with slide)\n  size: 60s",
                        "  type: hopping\n  size: 60s\n  slide: 25s",
                        "orders.yaml: window.slide: '25s' does not divide the size 60s; use a slide that divides the size,"
                                + " e.g. size 60s, slide 30s"),
                Arguments.of("  type: tumbling ", "  type: sliding ",
                        "orders.yaml: window.type: 'sliding' is not a window type; use tumbling or hopping"),
                Arguments.of("  horizon: 10m", "  horizon: 30s",
                        "orders.yaml: dedupe.horizon: '30s' is shorter than the window size plus the lateness (90s); use"
                                + " at least 90s, so a duplicate is caught while its window can still change"),
                Arguments.of("    function: sum\n    field: amount", "    function: sum\n    field: currency",
                        "orders.yaml: aggregates[1].field: 'currency' has type [string] in the current schema; name a"
                                + " field of type integer or number"),
                Arguments.of("    function: sum\n    field: amount", "    function: sum\n    field: amout",
                        "orders.yaml: aggregates[1].field: 'amout' is not declared in the current schema; add it to the"
                                + " schema's properties or name a declared field"),
                Arguments.of("    function: sum\n", "    function: total\n",
                        "orders.yaml: aggregates[1].function: 'total' is not an aggregate function; use one of count,"
                                + " sum, min, max, avg, distinct, quantiles"),
                Arguments.of("  - name: smallestOrder", "  - name: revenue",
                        "orders.yaml: aggregates[2].name: 'revenue' is used by another aggregate; give each aggregate"
                                + " its own name"),
                Arguments.of("quantiles: [0.5, 0.9, 0.99]", "quantiles: [0.5, 1.5]",
                        "orders.yaml: aggregates[6].quantiles[1]: 1.5 is not a rank in (0, 1); use e.g. 0.5 for the"
                                + " median, 0.99 for the 99th percentile"),
                Arguments.of("    function: count\n", "    function: count\n    field: amount\n",
                        "orders.yaml: aggregates[0].field: count takes no field; remove it; count counts events"),
                Arguments.of("    range: {min: 0.01, max: 100000}", "    range: {min: 5, max: 1}",
                        "orders.yaml: rules[0].range: min 5 is above max 1; swap them"),
                Arguments.of("    range: {min: 0.01, max: 100000}", "    range: {min: 1}\n    pattern: '^x$'",
                        "orders.yaml: rules[0]: mixes [range, pattern]; give exactly one of range, pattern, allowed or"
                                + " required"),
                Arguments.of("  - field: customer.email\n    mask: redact", "  - field: storeId\n    mask: redact",
                        "orders.yaml: pii[1].mask: redacting the group-by field 'storeId' merges all groups; use mask:"
                                + " hmac"),
                Arguments.of("    mask: hmac ", "    mask: rot13 ",
                        "orders.yaml: pii[0].mask: 'rot13' is not a masking method; use hmac or redact"),
                Arguments.of("  target: 0.99", "  target: 7",
                        "orders.yaml: freshness.target: 7 is not a fraction in (0, 1]; use e.g. 0.99 for 99% of records"),
                Arguments.of("    file: orders.v2.schema.json", "    file: orders.v3.schema.json",
                        "orders.yaml: schemas[1].file: 'orders.v3.schema.json' does not exist; give a path relative to"
                                + " the pipeline file"),
                Arguments.of("  - version: 2 ", "  - version: 1 ",
                        "orders.yaml: schemas[1].version: '1' does not follow version 1; list versions oldest first,"
                                + " each higher than the one before"),
                Arguments.of("  id: orderId ", "  id: amount ",
                        "orders.yaml: event.id: 'amount' has type [number] in the current schema; name a field of type"
                                + " integer or string"),
                Arguments.of("groupBy: [storeId]", "groupBy: storeId",
                        "orders.yaml: groupBy: must be a list (was: 'storeId'); write e.g. groupBy: [storeId]"),
                Arguments.of("retention:\n  raw: 30d\n  results: 400d", "retention: 30d",
                        "orders.yaml: retention: must be a mapping (was: '30d'); write it as e.g. {raw: 30d, results: 400d}"),
                Arguments.of("groupBy: [storeId]", "groupBy: [storeId, storeId]",
                        "orders.yaml: groupBy[1]: 'storeId' is listed twice; list each field once"),
                Arguments.of("  latency: 5s", "  latency: 20ms",
                        "orders.yaml: freshness.latency: '20ms' is below 100ms, less than a micro-batch's own object"
                                + " writes take; use at least 100ms"),
                Arguments.of("  target: 0.99", "  target: 0.99\n  pacing: eager",
                        "orders.yaml: freshness.pacing: 'eager' is not a pacing mode; use adaptive (batches sized to"
                                + " the latency) or fixed (what was read, no wait)"),
                Arguments.of("  target: 0.99", "  target: 0.99\n  batch: {minRecords: 500, maxRecords: 200}",
                        "orders.yaml: freshness.batch.minRecords: 500 is more than maxRecords (200); make minRecords at"
                                + " most maxRecords"),
                Arguments.of("  target: 0.99", "  target: 0.99\n  batch: {maxRecords: 5000000}",
                        "orders.yaml: freshness.batch.maxRecords: 5000000 is not a record count from 1 to 1000000; use"
                                + " e.g. maxRecords: 10000"),
                Arguments.of("  target: 0.99", "  target: 0.99\n  batch: {maxRecords: 2.5}",
                        "orders.yaml: freshness.batch.maxRecords: 2.5 is not a record count from 1 to 1000000; use e.g."
                                + " maxRecords: 10000"),
                Arguments.of("  target: 0.99", "  target: 0.99\n  batch: {maxBytes: 12 parsecs}",
                        "orders.yaml: freshness.batch.maxBytes: '12 parsecs' is not a size from 64KiB to 1GiB; use e.g."
                                + " 64MiB"),
                Arguments.of("  target: 0.99", "  target: 0.99\n  batch: {maxWait: 3s}",
                        "orders.yaml: freshness.batch.maxWait: '3s' is half the freshness latency or more, leaving too"
                                + " little of it for processing; use at most a quarter of freshness.latency, e.g. 1250ms"),
                Arguments.of("  target: 0.99", "  target: 0.99\n  backfillAfter: 2s",
                        "orders.yaml: freshness.backfillAfter: '2s' is not longer than freshness.latency, so every backlog"
                                + " would be cut instead of caught up; use a duration well above the latency, e.g. 300s,"
                                + " or leave it out to always catch up"),
                Arguments.of("  target: 0.99", "  target: 0.99\n  backfillAfter: soon",
                        "orders.yaml: freshness.backfillAfter: 'soon' is not a duration; use e.g. 60s, 5m"),
                Arguments.of("  target: 0.99", "  target: 0.99\n  batch: {maxWiat: 1s}",
                        "orders.yaml: freshness.batch.maxWiat: is not a known field; did you mean 'maxWait'?"),
                Arguments.of("  time: createdAt ", "  time: storeId ",
                        "orders.yaml: event.time: 'storeId' is a plain string in the current schema, so any text would"
                                + " pass validation and fail as an event time; declare it with \"format\": \"date-time\""
                                + " (RFC 3339)"),
                Arguments.of("  time: createdAt", "  time: createdAt\n  timeUnit: minutes",
                        "orders.yaml: event.timeUnit: 'minutes' is not a unit of a whole-number event time; use ms (epoch"
                                + " milliseconds, the default) or s (epoch seconds)"),
                Arguments.of("  time: createdAt", "  time: createdAt\n  maxAhead: soon",
                        "orders.yaml: event.maxAhead: 'soon' is not a duration; use e.g. 60s, 5m"),
                Arguments.of("idlePartitionTimeout: 30s", "idlePartitionTimeout: 0s",
                        "orders.yaml: idlePartitionTimeout: '0s' must be more than 0; use e.g. 60s, 5m"),
                Arguments.of("idlePartitionTimeout: 30s", "idlePartitionTimeout: 30s\nlanding: {codec: lz4}",
                        "orders.yaml: landing.codec: 'lz4' is not a segment codec; use gzip (every tool reads it) or"
                                + " zstd (faster, smaller; zstdcat, DuckDB, Spark, Trino)"),
                Arguments.of("idlePartitionTimeout: 30s", "idlePartitionTimeout: 30s\nlanding: {codek: zstd}",
                        "orders.yaml: landing.codek: is not a known field; did you mean 'codec'?"));
    }

    @Test
    void shouldReadTheEventTimeUnitAndBound() {
        PipelineDefinition d = load(ORDERS.replace("  time: createdAt", "  time: createdAt\n  timeUnit: s\n  maxAhead: 10m"),
                Map.of());

        assertThat(d.event().timeUnit()).isEqualTo(EventFields.TimeUnit.SECONDS);
        assertThat(d.event().maxAhead()).isEqualTo(Duration.ofMinutes(10));
        assertThat(load(ORDERS, Map.of()).event().maxAhead()).as("default").isEqualTo(Duration.ofHours(1));
    }

    @Test
    void shouldReadPacingSettings() {
        PipelineDefinition d = load(ORDERS.replace("  target: 0.99",
                "  target: 0.99\n  pacing: fixed\n  batch: {minRecords: 10, maxRecords: 5000, maxBytes: 8MiB, maxWait: 0s}"),
                Map.of());

        assertThat(d.freshness().pacing()).isEqualTo(new PacingSpec(PacingSpec.Mode.FIXED, 10, 5000, 8L << 20,
                Duration.ZERO));
        assertThat(PipelineDefinitionLoader.DEFAULT_FRESHNESS.pacing())
                .as("adaptive, waiting at most a quarter of the 5 s latency")
                .isEqualTo(new PacingSpec(PacingSpec.Mode.ADAPTIVE, 100, 10_000, 64L << 20, Duration.ofMillis(1250)));
    }

    @Test
    void shouldReadTheLandingCodec() {
        assertThat(load(ORDERS + "\nlanding:\n  codec: zstd\n", Map.of()).landingCodec()).isEqualTo(SegmentCodec.ZSTD);
        assertThat(load(ORDERS + "\nlanding: {codec: gzip}\n", Map.of()).landingCodec()).isEqualTo(SegmentCodec.GZIP);
        assertThat(load(ORDERS, Map.of()).landingCodec()).as("default: every tool reads gzip").isEqualTo(SegmentCodec.GZIP);
        assertThat(SegmentCodec.ZSTD.unavailable()).as("zstd-jni's native library loads on this platform").isEmpty();
    }

    @Test
    void shouldReadTheBackfillThreshold() {
        PipelineDefinition d = load(ORDERS.replace("  target: 0.99", "  target: 0.99\n  backfillAfter: 10m"), Map.of());

        assertThat(d.freshness().backfillAfter()).contains(Duration.ofMinutes(10));
        assertThat(load(ORDERS, Map.of()).freshness().backfillAfter()).as("default: always catch up").isEmpty();
    }

    @ParameterizedTest(name = "{2}")
    @MethodSource("invalidDefinitions")
    void shouldRejectAnInvalidDefinitionNamingFileFieldAndFix(String from, String to, String message) {
        assertThat(ORDERS).contains(from);
        String yaml = ORDERS.replace(from, to);

        assertThatThrownBy(() -> load(yaml, Map.of()))
                .isInstanceOf(InvalidDefinitionException.class)
                .satisfies(e -> assertThat(((InvalidDefinitionException) e).problems())
                        .extracting(Object::toString).contains(message));
    }

    @Test
    void shouldReportEveryProblemOfAFileAtOnce() {
        String yaml = ORDERS.replace("size: 60s", "size: 90x").replace("  format: json ", "  format: xml ")
                .replace("lateness: 30s", "lateness: soon");

        assertThatThrownBy(() -> load(yaml, Map.of()))
                .isInstanceOf(InvalidDefinitionException.class)
                .hasMessageStartingWith("Invalid pipeline definition orders.yaml (3 problems):")
                .hasMessageContaining("window.size")
                .hasMessageContaining("source.format")
                .hasMessageContaining("lateness");
    }

    @Test
    void shouldPointAtTheLineOfAYamlSyntaxError() {
        assertThatThrownBy(() -> load("pipeline: orders\nsource: {topic: orders\n", Map.of()))
                .isInstanceOf(InvalidDefinitionException.class)
                .hasMessageContaining("orders.yaml: is not valid YAML at line")
                .hasMessageContaining("fix the YAML syntax");
    }

    @Test
    void shouldNameATabInTheIndentation() {
        String yaml = ORDERS.replace("  size: 60s", "\tsize: 60s");

        assertThatThrownBy(() -> load(yaml, Map.of()))
                .isInstanceOf(InvalidDefinitionException.class)
                .hasMessageContaining("orders.yaml: has a tab character in the indentation of line ")
                .hasMessageContaining("indent with spaces");
    }

    @Test
    void shouldRejectDuplicateKeys() {
        assertThatThrownBy(() -> load(ORDERS + "\nlateness: 10s\n", Map.of()))
                .isInstanceOf(InvalidDefinitionException.class)
                .hasMessageContaining("Duplicate field 'lateness'");
    }

    @Test
    void shouldRejectASchemaVersionThatRemovesOrRetypesARequiredField() {
        String v2 = resource("pipelines/orders.v2.schema.json")
                .replace("\"required\": [\"orderId\", \"createdAt\", \"storeId\", \"amount\", \"currency\", \"customer\"]",
                        "\"required\": [\"orderId\", \"createdAt\", \"amount\", \"currency\", \"customer\", \"channel\"]")
                .replace("\"storeId\": {\"type\": \"string\", \"minLength\": 1},", "")
                .replace("\"amount\": {\"type\": \"number\"}", "\"amount\": {\"type\": \"string\"}");
        String yaml = ORDERS.replace("groupBy: [storeId]", "groupBy: [currency]")
                .replace("field: amount\n  - name: smallestOrder", "field: orderId\n  - name: smallestOrder");

        assertThatThrownBy(() -> load(yaml, Map.of("orders.v2.schema.json", v2)))
                .isInstanceOf(InvalidDefinitionException.class)
                .satisfies(e -> assertThat(((InvalidDefinitionException) e).problems()).extracting(Object::toString)
                        .contains("orders.yaml: schemas[1].file: version 2 removes the field 'storeId' that version 1"
                                + " requires; keep required fields and their types; add new fields as optional")
                        .contains("orders.yaml: schemas[1].file: version 2 retypes the required field 'amount' from"
                                + " [number] to [string]; keep required fields and their types; add new fields as optional")
                        .contains("orders.yaml: schemas[1].file: version 2 requires the field 'channel' that version 1"
                                + " does not require; events written before it lack it, so make it optional; keep required"
                                + " fields and their types; add new fields as optional"));
    }

    @Test
    void shouldRejectASchemaFileThatIsNotAValidJsonSchema() {
        String broken = "{\"type\": \"object\", \"properties\": {\"orderId\": {\"type\": \"text\"}}, \"required\": 5}";

        assertThatThrownBy(() -> load(ORDERS, Map.of("orders.v1.schema.json", broken)))
                .isInstanceOf(InvalidDefinitionException.class)
                .hasMessageContaining("schemas[0].file: 'orders.v1.schema.json' is not a valid JSON Schema:");
    }

    @Test
    void shouldRejectAnEventIdThatTheSchemaDoesNotRequire() {
        String yaml = ORDERS.replace("  id: orderId ", "  id: customer.email ");
        assertThatThrownBy(() -> load(yaml, Map.of()))
                .satisfies(e -> assertThat(((InvalidDefinitionException) e).problems()).extracting(Object::toString)
                        .contains("orders.yaml: event.id: 'customer.email' is not required by the current schema; add it"
                                + " to the schema's \"required\" list: every event needs an id"));
    }

    @Test
    void shouldSayWhenTheFileDoesNotExist(@TempDir Path dir) {
        assertThatThrownBy(() -> PipelineDefinitionLoader.load(dir.resolve("nope.yaml")))
                .isInstanceOf(InvalidDefinitionException.class)
                .hasMessageContaining("nope.yaml: the file does not exist");
    }

    @Test
    void shouldAcceptTheAggregateFunctionsInAnyCase() {
        PipelineDefinition d = load(ORDERS.replace("function: count", "function: COUNT"), Map.of());
        assertThat(d.aggregates().get(0).function()).isEqualTo(AggregateFunction.COUNT);
    }

    static PipelineDefinition load(String yaml, Map<String, String> schemaOverrides) {
        Map<String, String> files = new HashMap<>(schemaOverrides);
        return PipelineDefinitionLoader.load("orders.yaml", yaml.getBytes(StandardCharsets.UTF_8), name -> {
            if (files.containsKey(name)) {
                return Optional.of(files.get(name).getBytes(StandardCharsets.UTF_8));
            }
            try (InputStream in = PipelineDefinitionLoaderTest.class.getClassLoader()
                    .getResourceAsStream("pipelines/" + name)) {
                return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
            }
        });
    }

    static String resource(String name) {
        try (InputStream in = PipelineDefinitionLoaderTest.class.getClassLoader().getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
