package dev.tandem.engine.microbatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

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

    private static long firstInvalidOffset() {
        var decoder = Orders.decoder();
        return STREAM.stream().filter(r -> !(decoder.decode(r) instanceof dev.tandem.shared.decode.Decoded.Valid))
                .findFirst().orElseThrow().source().offset();
    }
}
