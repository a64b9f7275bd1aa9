package dev.tandem.shared.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.tandem.shared.definition.EventFields;
import dev.tandem.shared.definition.PipelineDefinition;
import dev.tandem.shared.definition.SourceFormat;
import dev.tandem.shared.definition.SourceSpec;
import dev.tandem.shared.masking.Masker;
import dev.tandem.shared.testing.OrderEvents;
import dev.tandem.shared.validation.Violation;
import dev.tandem.shared.record.Envelope;
import dev.tandem.shared.record.Json;
import dev.tandem.shared.record.RawRecord;
import dev.tandem.shared.record.RecordHeader;
import dev.tandem.shared.record.SourceCoordinates;

class RecordDecoderTest {

    static final Instant T = Instant.parse("2026-11-25T10:15:30.250Z");
    static final String TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    @Test
    void shouldDecodeAValidJsonEventIntoAnEnvelopeWithMaskedPii() {
        ObjectNode order = OrderEvents.order("o-1", T, "store-7", new BigDecimal("12.30"), "alice");
        RawRecord raw = new RawRecord(new SourceCoordinates("orders", 2, 41), T.toEpochMilli() + 1_000L, null,
                bytes(order.toString()), List.of(RecordHeader.of("traceparent", TRACEPARENT)));

        Envelope e = valid(OrderEvents.DECODER.decode(raw));

        assertThat(e.eventId()).isEqualTo("o-1");
        assertThat(e.eventTimeMs()).isEqualTo(T.toEpochMilli());
        assertThat(e.group()).hasToString("[\"store-7\"]");
        assertThat(e.source()).isEqualTo(new SourceCoordinates("orders", 2, 41));
        assertThat(e.producedAtMs()).isEqualTo(T.toEpochMilli() + 1_000L);
        assertThat(e.schemaVersion()).isEqualTo(2);
        assertThat(e.traceparent()).contains(TRACEPARENT);
        assertThat(e.payload().get("amount").decimalValue()).isEqualTo(new BigDecimal("12.30"));
        assertThat(e.payload().at("/customer/id").asText()).hasSize(64).doesNotContain("alice");
        assertThat(e.payload().at("/customer/email").asText()).isEqualTo("[redacted]");
        assertThat(order.at("/customer/id").asText()).as("the input is not changed").isEqualTo("alice");
    }

    @Test
    void shouldLandTheBytesThatCameWithMaskedValuesSplicedIn() throws Exception {
        String json = "{\"orderId\":\"o-1\", \"createdAt\":\"2026-11-25T10:15:30.250Z\",\n \"storeId\":\"store-7\","
                + "\"amount\":1.230e1,\"currency\":\"EUR\",\"customer\":{\"id\":\"alice\",\"email\":\"alice@example.com\"}}";
        RawRecord raw = new RawRecord(new SourceCoordinates("orders", 2, 41), T.toEpochMilli(), null, bytes(json), List.of());

        Envelope e = valid(OrderEvents.DECODER.decode(raw));

        String landed = new String(e.landed(), StandardCharsets.UTF_8);
        assertThat(landed).as("the layout and number form that came, one line").startsWith(
                "{\"orderId\":\"o-1\", \"createdAt\":\"2026-11-25T10:15:30.250Z\",  \"storeId\"").contains("\"amount\":1.230e1,")
                .doesNotContain("alice").endsWith("\"email\":\"[redacted]\"}}");
        assertThat(Json.mapper().readTree(e.landed())).isEqualTo(e.payload());
    }

    @Test
    void shouldLandFromTheTreeWhatCannotBeLandedAsItCame() {
        String json = OrderEvents.order("o-1", T, "store-7", BigDecimal.ONE, "alice").toString();
        RawRecord trailing = new RawRecord(new SourceCoordinates("orders", 2, 41), T.toEpochMilli(), null,
                bytes(json + " trailing"), List.of());
        RawRecord utf16 = new RawRecord(new SourceCoordinates("orders", 2, 42), T.toEpochMilli(), null,
                json.getBytes(StandardCharsets.UTF_16BE), List.of());

        assertThat(valid(OrderEvents.DECODER.decode(trailing)).landed()).as("content after the object").isNull();
        assertThat(valid(OrderEvents.DECODER.decode(utf16)).landed()).as("not UTF-8").isNull();
    }

    @Test
    void aDecoderForLandingAndFoldingKeepsOfALandablePayloadWhatTheAggregatesRead() throws Exception {
        RecordDecoder forFold = OrderEvents.DECODER.forLandAndFold();
        ObjectNode order = OrderEvents.order("o-1", T, "store-7", new BigDecimal("12.30"), "alice");
        RawRecord raw = new RawRecord(new SourceCoordinates("orders", 2, 41), T.toEpochMilli(), null,
                bytes(order.toString()), List.of());

        Envelope whole = valid(OrderEvents.DECODER.decode(raw));
        Envelope slim = valid(forFold.decode(raw));

        assertThat(forFold.forLandAndFold()).isSameAs(forFold);
        List<String> kept = new java.util.ArrayList<>();
        slim.payload().fieldNames().forEachRemaining(kept::add);
        assertThat(kept).as("amount and customer (customer.id), in the payload's order")
                .containsExactly("amount", "customer");
        assertThat(slim.payload().at("/customer/id")).as("masked as in the whole payload")
                .isEqualTo(whole.payload().at("/customer/id"));
        assertThat(slim.landed()).as("the same bytes land").isEqualTo(whole.landed());
        assertThat(Json.mapper().readTree(slim.landed())).isEqualTo(whole.payload());
        assertThat(List.of(slim.eventId(), slim.eventTimeMs(), slim.group(), slim.source(), slim.schemaVersion()))
                .isEqualTo(List.of(whole.eventId(), whole.eventTimeMs(), whole.group(), whole.source(),
                        whole.schemaVersion()));
        assertThat(slim.inputs().values()).containsExactly(whole.inputs().values());

        RawRecord trailing = new RawRecord(new SourceCoordinates("orders", 2, 42), T.toEpochMilli(), null,
                bytes(order + " trailing"), List.of());
        Envelope fromTree = valid(forFold.decode(trailing));
        assertThat(fromTree.landed()).isNull();
        assertThat(fromTree.payload()).as("landed from the tree: the whole tree is kept")
                .isEqualTo(valid(OrderEvents.DECODER.decode(trailing)).payload());
        ObjectNode invalid = order.deepCopy().put("currency", "XXX");
        RawRecord invalidRaw = OrderEvents.raw("orders", 2, 43, invalid);
        assertThat(forFold.decode(invalidRaw)).isEqualTo(OrderEvents.DECODER.decode(invalidRaw));
    }

    @Test
    void shouldMaskEqualValuesToEqualHmacsAndDifferentKeysToDifferentOnes() {
        Envelope a = OrderEvents.envelope(0, 0, OrderEvents.order("o-1", T, "s", BigDecimal.ONE, "alice"));
        Envelope b = OrderEvents.envelope(0, 1, OrderEvents.order("o-2", T, "s", BigDecimal.ONE, "alice"));
        RecordDecoder otherKey = RecordDecoder.of(OrderEvents.ORDERS,
                Masker.of(OrderEvents.ORDERS.pii(), "another key of thirty-two bytes or more".getBytes()));
        Envelope c = valid(otherKey.decode(OrderEvents.raw("orders", 0, 2,
                OrderEvents.order("o-3", T, "s", BigDecimal.ONE, "alice"))));

        assertThat(a.payload().at("/customer/id")).isEqualTo(b.payload().at("/customer/id"));
        assertThat(c.payload().at("/customer/id")).isNotEqualTo(a.payload().at("/customer/id"));
    }

    @Test
    void shouldReportEverySchemaAndRuleViolationOfAnInvalidEvent() {
        ObjectNode order = OrderEvents.order("o-1", T, "store-7", new BigDecimal("-5"), "alice");
        order.remove("storeId");
        order.put("currency", "XXX");
        order.put("channel", "fax");

        List<Violation> violations = invalid(OrderEvents.DECODER.decode(OrderEvents.raw("orders", 0, 7, order)));

        assertThat(violations).extracting(v -> v.rule() + " " + v.field())
                .containsExactlyInAnyOrder("schema/enum channel", "schema/required storeId",
                        "positive-amount amount", "known-currency currency");
        assertThat(violations).filteredOn(v -> v.rule().equals("positive-amount")).first()
                .hasToString("positive-amount amount=-5: is below the minimum 0.01");
    }

    @Test
    void shouldCarryEveryReasonAndTheSourceCoordinatesToTheDeadLetterTopic() {
        ObjectNode order = OrderEvents.order("o-1", T, "store-7", new BigDecimal("-5"), "alice");
        order.put("currency", "XXX");
        RawRecord raw = new RawRecord(new SourceCoordinates("orders", 3, 77), 0L, null, bytes(order.toString()),
                List.of(RecordHeader.of("traceparent", TRACEPARENT)));

        List<RecordHeader> headers = dev.tandem.shared.decode.DeadLetterHeaders.of(
                (Decoded.Invalid) OrderEvents.DECODER.decode(raw));

        assertThat(headers).extracting(h -> h.key() + "=" + h.valueAsString()).containsExactly(
                "traceparent=" + TRACEPARENT,
                "tandem-dlq-reason=positive-amount amount=-5: is below the minimum 0.01\n"
                        + "known-currency currency=\"XXX\": is not one of [EUR, GBP, USD]",
                "tandem-dlq-rule=positive-amount",
                "tandem-dlq-topic=orders",
                "tandem-dlq-partition=3",
                "tandem-dlq-offset=77");
    }

    @Test
    void shouldRejectAValueThatIsNotJsonOrNotAnObject() {
        assertThat(invalid(OrderEvents.DECODER.decode(rawBytes("{not json"))))
                .singleElement().satisfies(v -> {
                    assertThat(v.rule()).isEqualTo("json");
                    assertThat(v.message()).startsWith("not valid JSON");
                    assertThat(v.value()).isEqualTo("{not json");
                });
        assertThat(invalid(OrderEvents.DECODER.decode(rawBytes("[1,2]")))).singleElement()
                .extracting(Violation::message).isEqualTo("the event is not a JSON object");
        assertThat(invalid(OrderEvents.DECODER.decode(new RawRecord(new SourceCoordinates("orders", 0, 0), 0, null,
                null, List.of())))).singleElement().extracting(Violation::message)
                .isEqualTo("the record has no value (a tombstone)");
    }

    @Test
    void shouldDeadLetterAnEventTimeFarAheadOfItsProduceTime() {
        long produced = T.toEpochMilli();
        ObjectNode farAhead = OrderEvents.order("o-1", Instant.parse("9999-12-31T23:59:59Z"), "s", BigDecimal.ONE, "alice");
        ObjectNode justWithin = OrderEvents.order("o-2", T.plus(Duration.ofMinutes(59)), "s", BigDecimal.ONE, "alice");
        ObjectNode justBeyond = OrderEvents.order("o-3", T.plus(Duration.ofMinutes(61)), "s", BigDecimal.ONE, "alice");

        assertThat(invalid(OrderEvents.DECODER.decode(at(farAhead, produced)))).singleElement().satisfies(v -> {
            assertThat(v.rule()).isEqualTo(RecordDecoder.OUT_OF_RANGE);
            assertThat(v.field()).isEqualTo("createdAt");
            assertThat(v.message()).contains("more than 1h ahead of the record's produce time 2026-11-25T10:15:30.250Z");
        });
        valid(OrderEvents.DECODER.decode(at(justWithin, produced)));
        assertThat(invalid(OrderEvents.DECODER.decode(at(justBeyond, produced)))).extracting(Violation::rule)
                .containsExactly(RecordDecoder.OUT_OF_RANGE);
        // A record without a produce time (Kafka's -1) is not judged.
        valid(OrderEvents.DECODER.decode(at(farAhead, -1)));
    }

    @Test
    void shouldDeadLetterAnEventTimeOlderThanTheRawRetentionAtItsProduceTime() {
        long produced = T.toEpochMilli();
        ObjectNode ancient = OrderEvents.order("o-1", Instant.parse("0001-01-01T00:00:00Z"), "s", BigDecimal.ONE, "alice");
        ObjectNode justWithin = OrderEvents.order("o-2", T.minus(Duration.ofDays(30)).plusSeconds(1), "s",
                BigDecimal.ONE, "alice");
        ObjectNode justBeyond = OrderEvents.order("o-3", T.minus(Duration.ofDays(30)).minusSeconds(1), "s",
                BigDecimal.ONE, "alice");

        assertThat(invalid(OrderEvents.DECODER.decode(at(ancient, produced)))).singleElement().satisfies(v -> {
            assertThat(v.rule()).isEqualTo(RecordDecoder.OUT_OF_RANGE);
            assertThat(v.field()).isEqualTo("createdAt");
            assertThat(v.message()).contains("more than 30 days before the record's produce time 2026-11-25T10:15:30.250Z")
                    .contains("retention.raw");
        });
        valid(OrderEvents.DECODER.decode(at(justWithin, produced)));
        assertThat(invalid(OrderEvents.DECODER.decode(at(justBeyond, produced)))).extracting(Violation::rule)
                .containsExactly(RecordDecoder.OUT_OF_RANGE);
        valid(OrderEvents.DECODER.decode(at(ancient, -1)));
    }

    @Test
    void aWholeNumberEventTimeIsReadInTheDeclaredUnit() {
        assertThat(EventFields.TimeUnit.SECONDS.toEpochMillis(T.getEpochSecond())).isEqualTo(T.getEpochSecond() * 1000);
        assertThat(EventFields.TimeUnit.MILLISECONDS.toEpochMillis(T.toEpochMilli())).isEqualTo(T.toEpochMilli());
        assertThat(EventFields.TimeUnit.SECONDS.toEpochMillis(Long.MAX_VALUE / 10)).as("overflow: not a time").isNull();
    }

    private static RawRecord at(ObjectNode order, long producedAtMs) {
        return new RawRecord(new SourceCoordinates("orders", 0, 0), producedAtMs, null, bytes(order.toString()),
                List.of());
    }

    @Test
    void shouldRejectAnEventTimeWithoutOffset() {
        ObjectNode order = OrderEvents.order("o-1", T, "s", BigDecimal.ONE, "alice");
        order.put("createdAt", "2026-11-25 10:15:30");

        assertThat(invalid(OrderEvents.DECODER.decode(OrderEvents.raw("orders", 0, 0, order))))
                .extracting(Violation::rule).contains("event-time", "schema/format");
    }

    @Test
    void shouldValidateAgainstTheSchemaVersionTheProducerNames() {
        ObjectNode order = OrderEvents.order("o-1", T, "s", BigDecimal.ONE, "alice");
        order.put("channel", "web");
        RawRecord v1 = new RawRecord(new SourceCoordinates("orders", 0, 0), 0, null, bytes(order.toString()),
                List.of(RecordHeader.of(RecordDecoder.SCHEMA_VERSION_HEADER, "1")));
        assertThat(valid(OrderEvents.DECODER.decode(v1)).schemaVersion()).isEqualTo(1);

        RawRecord v9 = new RawRecord(new SourceCoordinates("orders", 0, 0), 0, null, bytes(order.toString()),
                List.of(RecordHeader.of(RecordDecoder.SCHEMA_VERSION_HEADER, "9")));
        assertThat(invalid(OrderEvents.DECODER.decode(v9))).singleElement()
                .hasToString("schema-version=9: unknown schema version; known: [1, 2]");
    }

    @Test
    void shouldDecodeAStructuredCloudEvent() throws Exception {
        ObjectNode data = OrderEvents.order("o-9", T, "store-3", new BigDecimal("7.5"), "bob");
        String ce = """
                {"specversion":"1.0","id":"ce-1","source":"/shop/checkout","type":"shop.order.placed",
                 "datacontenttype":"application/json","traceparent":"%s","schemaversion":"2","data":%s}
                """.formatted(TRACEPARENT, data);
        RecordDecoder decoder = cloudEventsDecoder();

        Envelope e = valid(decoder.decode(rawBytes(ce)));

        assertThat(e.eventId()).isEqualTo("o-9");
        assertThat(e.group()).hasToString("[\"store-3\"]");
        assertThat(Json.mapper().readTree(e.landed())).as("the data, masked, is landed").isEqualTo(e.payload());
        assertThat(e.traceparent()).contains(TRACEPARENT);
    }

    @Test
    void shouldDecodeABinaryCloudEventFromCeHeaders() {
        ObjectNode data = OrderEvents.order("o-10", T, "store-4", new BigDecimal("7.5"), "bob");
        RawRecord raw = new RawRecord(new SourceCoordinates("orders", 1, 5), 0, null, bytes(data.toString()), List.of(
                RecordHeader.of("ce_specversion", "1.0"), RecordHeader.of("ce_id", "ce-2"),
                RecordHeader.of("ce_source", "/shop/checkout"), RecordHeader.of("ce_type", "shop.order.placed"),
                RecordHeader.of("ce_time", "2026-11-25T10:15:30Z"), RecordHeader.of("content-type", "application/json"),
                RecordHeader.of("ce_traceparent", TRACEPARENT)));

        Envelope e = valid(cloudEventsDecoder().decode(raw));

        assertThat(e.eventId()).isEqualTo("o-10");
        assertThat(e.traceparent()).contains(TRACEPARENT);
    }

    @Test
    void shouldRejectACloudEventWithoutRequiredAttributes() {
        RawRecord raw = new RawRecord(new SourceCoordinates("orders", 1, 5), 0, null, bytes("{}"), List.of(
                RecordHeader.of("ce_specversion", "1.0"), RecordHeader.of("ce_id", "ce-2")));

        assertThat(invalid(cloudEventsDecoder().decode(raw))).singleElement().satisfies(v -> {
            assertThat(v.rule()).isEqualTo("cloudevents");
            assertThat(v.message()).startsWith("not a valid CloudEvent (binary mode)");
        });
        assertThat(invalid(cloudEventsDecoder().decode(rawBytes("{\"specversion\":\"1.0\"}")))).singleElement()
                .extracting(Violation::message).asString().startsWith("not a valid CloudEvent (structured mode)");
    }

    static RecordDecoder cloudEventsDecoder() {
        PipelineDefinition o = OrderEvents.ORDERS;
        PipelineDefinition ce = new PipelineDefinition(o.name(), o.description(),
                new SourceSpec(o.source().topic(), SourceFormat.CLOUDEVENTS), o.schemas(), o.event(), o.groupBy(),
                o.window(), o.allowedLateness(), o.dedupeHorizon(), o.idlePartitionTimeout(), o.aggregates(),
                o.rules(), o.pii(), o.retention(), o.freshness(), o.landingCodec());
        return RecordDecoder.of(ce, Masker.of(ce.pii(), OrderEvents.KEY));
    }

    static RawRecord rawBytes(String value) {
        return new RawRecord(new SourceCoordinates("orders", 0, 0), 0, null, bytes(value), List.of());
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static Envelope valid(Decoded d) {
        assertThat(d).isInstanceOf(Decoded.Valid.class);
        return ((Decoded.Valid) d).envelope();
    }

    static List<Violation> invalid(Decoded d) {
        assertThat(d).isInstanceOf(Decoded.Invalid.class);
        return ((Decoded.Invalid) d).violations();
    }
}
