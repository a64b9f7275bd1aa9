package dev.tandem.engine.microbatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.tandem.engine.io.RecordSink;
import dev.tandem.engine.testing.InMemoryObjectStore;
import dev.tandem.engine.testing.Orders;
import dev.tandem.engine.testing.RecordingSink;
import dev.tandem.shared.record.RawRecord;
import dev.tandem.shared.decode.DeadLetterHeaders;

/** After a restore, records that already have a dead letter are not dead-lettered again. */
class DeadLettersOnceTest {

    private static final List<RawRecord> STREAM = Orders.stream(9, 2, 0, 600, 100, 0.0, 0.0, 0.1);

    @Test
    void theFirstBatchWithInvalidRecordsAfterARestoreAsksOnceAndSkipsWhatWasSent() {
        RecordingSink sink = new RecordingSink();
        List<long[]> asked = new ArrayList<>();
        long firstInvalid = firstInvalidOffset();
        MicroBatchProcessor processor = new MicroBatchProcessor(Orders.PIPELINE, Orders.decoder(),
                new InMemoryObjectStore(), sink, new MicroBatchSettings(false, 3, Duration.ofSeconds(5), 4),
                MicroBatchMetrics.NONE, BatchTracing.NONE, FaultInjector.NONE, (partition, from, since) -> {
                    asked.add(new long[] {partition, from, since});
                    return Set.of(firstInvalid);
                }, java.time.Clock.systemUTC());

        BatchOutcome first = processor.process(2, STREAM.subList(0, 300));
        BatchOutcome second = processor.process(2, STREAM.subList(300, 600));

        assertThat(asked).singleElement().satisfies(a -> {
            assertThat(a[0]).isEqualTo(2);
            assertThat(a[1]).isZero();
            // From 15 minutes before the earliest record's produce time, for producers' clock skew.
            assertThat(a[2]).isEqualTo(Orders.BASE_MS - 15 * 60_000L);
        });
        List<String> sentOffsets = sink.sent("orders.dlq").stream().map(o -> o.headers().stream()
                .filter(h -> h.key().equals(DeadLetterHeaders.OFFSET)).findFirst().map(h -> new String(h.value()))
                .orElseThrow()).toList();
        assertThat(sentOffsets).doesNotContain(Long.toString(firstInvalid)).doesNotHaveDuplicates()
                .hasSize(first.invalid() + second.invalid() - 1);
    }

    @Test
    void aDeadLetterTooLargeForItsTopicIsLandedInObjectStorageAndReferencedAndTheOthersGoOn() {
        RecordingSink sink = new RecordingSink();
        InMemoryObjectStore store = new InMemoryObjectStore();
        MicroBatchProcessor processor = new MicroBatchProcessor(Orders.PIPELINE, Orders.decoder(), store, sink,
                new MicroBatchSettings(false, 3, Duration.ofSeconds(5), 4), MicroBatchMetrics.NONE, BatchTracing.NONE,
                FaultInjector.NONE, (partition, from, since) -> Set.of(), java.time.Clock.systemUTC());
        byte[] huge = ("{\"orderId\": \"" + "x".repeat(3 * 1024 * 1024) + "\"").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        List<RawRecord> batch = new ArrayList<>(STREAM.subList(0, 100));
        batch.set(50, Orders.raw(2, 50, huge));

        BatchOutcome outcome = processor.process(2, batch);

        assertThat(outcome.nextOffset()).isEqualTo(100);
        List<RecordSink.Outgoing> letters = sink.sent("orders.dlq");
        RecordSink.Outgoing big = letters.stream().filter(o -> header(o, DeadLetterHeaders.OFFSET).equals("50"))
                .findFirst().orElseThrow();
        assertThat(big.value()).isEmpty();
        String key = header(big, DeadLetterHeaders.PAYLOAD);
        assertThat(key).isEqualTo("dead-letters/orders/date=2026-11-25/orders-2-00000000000000000050.value");
        assertThat(store.get(key)).hasValueSatisfying(v -> assertThat(v).isEqualTo(huge));
        assertThat(header(big, DeadLetterHeaders.PAYLOAD_BYTES)).isEqualTo(Integer.toString(huge.length));
        assertThat(header(big, DeadLetterHeaders.REASON)).isNotBlank();
        assertThat(letters).filteredOn(o -> !o.equals(big)).allSatisfy(o -> {
            assertThat(o.value()).isNotEmpty();
            assertThat(o.headers()).noneMatch(h -> h.key().equals(DeadLetterHeaders.PAYLOAD));
        });
    }

    private static String header(RecordSink.Outgoing o, String name) {
        return o.headers().stream().filter(h -> h.key().equals(name)).findFirst()
                .map(h -> new String(h.value(), java.nio.charset.StandardCharsets.UTF_8)).orElseThrow();
    }

    private static long firstInvalidOffset() {
        var decoder = Orders.decoder();
        return STREAM.stream().filter(r -> !(decoder.decode(r) instanceof dev.tandem.shared.decode.Decoded.Valid))
                .findFirst().orElseThrow().source().offset();
    }
}
