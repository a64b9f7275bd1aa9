package dev.tandem.engine.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import dev.tandem.shared.storage.PartialKey;
import dev.tandem.engine.testing.BatchHarness;
import dev.tandem.engine.testing.Orders;
import dev.tandem.shared.state.StateLayout;
import dev.tandem.shared.storage.Manifest;
import dev.tandem.shared.storage.ResultRecord;
import dev.tandem.shared.storage.ResultStatus;

/** Comparing a batch fold with the micro-batch's FINAL partials. */
class ReconciliationTest {

    private static FoldedRange fold(BatchHarness h) {
        Manifest cut = new SegmentCatalog(h.store).cut("orders", StateLayout.of(Orders.PIPELINE).fingerprint(),
                BatchHarness.FIRST_HOUR);
        return new ManifestFold(h.store, Orders.PIPELINE).fold(cut, FoldListener.NONE);
    }

    private static Map<PartialKey, ResultRecord> micro(BatchHarness h) {
        return h.results().read("orders.results", "orders", BatchHarness.FIRST_HOUR, java.time.Duration.ofSeconds(1));
    }

    @Test
    void lateRecordsAreExplainedDifferencesAndEveryDifferenceGetsACorrection() {
        BatchHarness h = new BatchHarness().microBatch(4_000);
        FoldedRange folded = fold(h);

        ReconcileReport report = Reconciliation.compare(folded, micro(h));

        assertThat(report.matching()).isPositive();
        assertThat(report.differing()).isNotEmpty();
        assertThat(report.unexplained()).isZero();
        assertThat(report.differing()).allSatisfy(d -> {
            assertThat(d.correction().status()).isEqualTo(ResultStatus.CORRECTED);
            assertThat(d.correction().values()).isEqualTo(d.batch());
            assertThat(d.lateRecords()).isPositive();
            assertThat(d.segments()).isNotEmpty();
        });
        assertThat(report.matching() + report.differing().size() + report.missingInMicroBatch().size())
                .isEqualTo(report.batchPartials());
        assertThat(report.summary().path("corrected").asInt()).isEqualTo(report.differing().size());
    }

    @Test
    void aMicroBatchValueThatNoRecordExplainsIsUnexplained() {
        BatchHarness h = new BatchHarness().microBatch(2_000);
        FoldedRange folded = fold(h);
        Map<PartialKey, ResultRecord> micro = new TreeMap<>(micro(h));
        java.util.Set<PartialKey> differing = new java.util.HashSet<>();
        Reconciliation.compare(folded, micro).differing().forEach(d -> differing.add(d.key()));
        Map.Entry<PartialKey, ResultRecord> victim = micro.entrySet().stream()
                .filter(e -> !differing.contains(e.getKey())).findFirst().orElseThrow();
        ResultRecord r = victim.getValue();
        var tampered = r.values().deepCopy();
        tampered.put("orders", tampered.path("orders").asLong() + 1000);
        micro.put(victim.getKey(), new ResultRecord(r.pipeline(), r.window(), r.group(), r.partition(), r.status(),
                tampered, r.offsets(), r.segments()));

        ReconcileReport report = Reconciliation.compare(folded, micro);

        assertThat(report.differing()).anySatisfy(d -> {
            assertThat(d.key()).isEqualTo(victim.getKey());
            assertThat(d.explained()).isFalse();
        });
        assertThat(report.unexplained()).isEqualTo(1);
    }

    @Test
    void partialsOnOneSideOnlyAreReportedAsMissing() {
        BatchHarness h = new BatchHarness().microBatch(2_000);
        FoldedRange folded = fold(h);
        Map<PartialKey, ResultRecord> micro = new TreeMap<>(micro(h));
        PartialKey dropped = micro.keySet().iterator().next();
        micro.remove(dropped);
        ResultRecord any = micro.values().iterator().next();
        PartialKey foreign = new PartialKey(any.window(), any.group(), 7);
        micro.put(foreign, new ResultRecord(any.pipeline(), any.window(), any.group(), java.util.OptionalInt.of(7),
                ResultStatus.FINAL, any.values(), any.offsets(), any.segments()));

        ReconcileReport report = Reconciliation.compare(folded, micro);

        assertThat(report.missingInMicroBatch()).extracting(ReconcileReport.Missing::key).contains(dropped);
        assertThat(report.missingInBatch()).extracting(ReconcileReport.Missing::key).containsExactly(foreign);
    }
}
