package dev.tandem.engine.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.tandem.engine.microbatch.MicroBatchSettings;
import dev.tandem.engine.testing.BatchHarness;
import dev.tandem.engine.testing.MicroBatchHarness;
import dev.tandem.engine.testing.Orders;
import dev.tandem.shared.definition.PipelineDefinition;
import dev.tandem.shared.state.StateLayout;
import dev.tandem.shared.storage.Manifest;
import dev.tandem.shared.storage.ManifestEntry;
import dev.tandem.shared.storage.ObjectKeys;
import dev.tandem.shared.definition.SegmentCodec;

/** A pipeline that lands zstd: the same records, results and compaction proof as with gzip. */
class SegmentCodecTest {

    private static final String LAYOUT = StateLayout.of(Orders.PIPELINE).fingerprint();

    @Test
    void zstdSegmentsFoldToTheSameResultBytesAsGzipSegmentsOfTheSameStream() {
        BatchHarness gzip = run(SegmentCodec.GZIP);
        BatchHarness zstd = run(SegmentCodec.ZSTD);

        List<String> gzipKeys = rawKeys(gzip);
        List<String> zstdKeys = rawKeys(zstd);
        assertThat(gzipKeys).isNotEmpty().allSatisfy(k -> assertThat(k).endsWith(".ndjson.gz"));
        assertThat(zstdKeys).as("the same segments, named for their codec")
                .isEqualTo(gzipKeys.stream().map(k -> k.replace(".ndjson.gz", ".ndjson.zst")).toList());
        long gzipBytes = gzipKeys.stream().mapToLong(k -> gzip.store.read(k).orElseThrow().bytes().length).sum();
        long zstdBytes = zstdKeys.stream().mapToLong(k -> zstd.store.read(k).orElseThrow().bytes().length).sum();
        assertThat(zstdBytes).isLessThan(gzipBytes);

        Map<Instant, byte[]> fromGzip = fold(gzip, Orders.PIPELINE);
        Map<Instant, byte[]> fromZstd = fold(zstd, Orders.landing(SegmentCodec.ZSTD));
        assertThat(fromZstd.keySet()).isNotEmpty().isEqualTo(fromGzip.keySet());
        fromGzip.forEach((hour, bytes) -> assertThat(fromZstd.get(hour)).as(hour.toString()).isEqualTo(bytes));
        assertThat(results(zstd)).as("the micro-batch results too").isNotEmpty().isEqualTo(results(gzip));
    }

    @Test
    void aPipelineThatMovedToZstdCompactsItsGzipSegmentsIntoZstdOnesWithTheSameResults() {
        BatchHarness h = run(SegmentCodec.GZIP);
        Manifest before = new SegmentCatalog(h.store).cut("orders", LAYOUT, BatchHarness.FIRST_HOUR);
        Map<Instant, byte[]> expected = ResultObjects.of(new ManifestFold(h.store, Orders.PIPELINE)
                .fold(before, FoldListener.NONE));

        Compaction.Outcome outcome = new Compaction(h.store, Orders.landing(SegmentCodec.ZSTD), 1_000).compact(before,
                FoldListener.NONE);

        assertThat(outcome.resultsEqual()).isTrue();
        assertThat(outcome.written()).isNotEmpty().allSatisfy(k -> assertThat(k).endsWith(".ndjson.zst"));
        Manifest after = new SegmentCatalog(h.store).cut("orders", LAYOUT, BatchHarness.FIRST_HOUR);
        assertThat(after.objects()).extracting(ManifestEntry::key).anyMatch(k -> k.endsWith(".ndjson.zst"));
        Map<Instant, byte[]> actual = ResultObjects.of(new ManifestFold(h.store, Orders.PIPELINE)
                .fold(after, FoldListener.NONE));
        assertThat(actual.keySet()).isEqualTo(expected.keySet());
        expected.forEach((hour, bytes) -> assertThat(actual.get(hour)).isEqualTo(bytes));
    }

    private static BatchHarness run(SegmentCodec codec) {
        PipelineDefinition definition = Orders.landing(codec);
        return new BatchHarness(new MicroBatchHarness(definition, new MicroBatchSettings(false, 3,
                Duration.ofSeconds(5), 4))).microBatch(3_000);
    }

    private static List<String> results(BatchHarness h) {
        return h.sink.sent(Orders.PIPELINE.resultsTopic()).stream()
                .map(o -> new String(o.key(), StandardCharsets.UTF_8) + " " + new String(o.value(), StandardCharsets.UTF_8))
                .toList();
    }

    private static List<String> rawKeys(BatchHarness h) {
        return h.store.list(ObjectKeys.raw("orders")).stream().map(o -> o.key()).sorted().toList();
    }

    private static Map<Instant, byte[]> fold(BatchHarness h, PipelineDefinition definition) {
        Manifest m = new SegmentCatalog(h.store).cut("orders", LAYOUT, BatchHarness.FIRST_HOUR);
        return ResultObjects.of(new ManifestFold(h.store, definition).fold(m, FoldListener.NONE));
    }
}
