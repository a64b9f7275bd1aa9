package dev.tandem.microbatch.observability;

import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tandem.engine.pacing.PacingChange;
import dev.tandem.engine.pacing.PacingTargets;
import dev.tandem.engine.microbatch.BatchOutcome;
import dev.tandem.engine.microbatch.FreshnessBudget;
import dev.tandem.engine.microbatch.MicroBatchMetrics;
import dev.tandem.engine.microbatch.Step;
import dev.tandem.shared.definition.PipelineDefinition;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

/**
 * {@link MicroBatchMetrics} on Micrometer. Every meter is registered once, with a description and
 * the pipeline tag; per-partition gauges add a partition tag (bounded by the topic's partitions).
 */
@ApplicationScoped
public class MicrometerMetrics implements MicroBatchMetrics {

    static final String PREFIX = "tandem.microbatch.";

    private final MeterRegistry registry;
    private final Tags tags;
    private final Counter recordsIn;
    private final Counter invalid;
    private final Counter late;
    private final Counter duplicates;
    private final Counter redelivered;
    private final Counter finals;
    private final Counter backfillCuts;
    private final Counter backfillOffsets;
    private final DistributionSummary batchSize;
    private final Timer batchDuration;
    private final Timer s3Put;
    private final Counter s3Bytes;
    private final Timer checkpoint;
    private final DistributionSummary checkpointBytes;
    private final Timer freshness;
    private final Map<Step, Timer> steps = new EnumMap<>(Step.class);
    private final Map<Integer, AtomicLong> watermarks = new ConcurrentHashMap<>();
    /** Partition → {remembered ids, open rows}. */
    private final Map<Integer, long[]> stateSizes = new ConcurrentHashMap<>();
    private final Map<Integer, AtomicLong> lags = new ConcurrentHashMap<>();
    private final Map<Integer, AtomicReference<PacingTargets>> pacing = new ConcurrentHashMap<>();
    private final FreshnessBudget budget;

    MicrometerMetrics(MeterRegistry registry, PipelineDefinition definition) {
        this.registry = registry;
        this.tags = Tags.of("pipeline", definition.name());
        recordsIn = counter("records.in", "Records received (redeliveries excluded)");
        invalid = counter("records.invalid", "Records sent to the dead-letter topic");
        late = counter("records.late", "Valid records that arrived after their window closed (landed, not in FINAL results)");
        duplicates = counter("records.duplicate", "Valid records skipped as duplicates within the dedupe horizon");
        redelivered = counter("records.redelivered", "Records at or below a checkpoint, skipped");
        backfillCuts = counter("backfill.cuts", "Backlogs older than freshness.backfillAfter left to a backfill");
        backfillOffsets = counter("backfill.offsets", "Offsets the live path left to backfills");
        finals = counter("results.final", "FINAL results emitted");
        batchSize = DistributionSummary.builder(PREFIX + "batch.size").description("Records per micro-batch of a partition")
                .tags(tags).publishPercentiles(0.5, 0.99).register(registry);
        batchDuration = Timer.builder(PREFIX + "batch.duration").description("Micro-batch duration, receive to checkpoint")
                .tags(tags).publishPercentiles(0.5, 0.99).register(registry);
        s3Put = Timer.builder(PREFIX + "s3.put").description("Raw segment PUT latency").tags(tags)
                .publishPercentiles(0.5, 0.99).register(registry);
        s3Bytes = counter("s3.put.bytes", "Bytes of raw segments written");
        checkpoint = Timer.builder(PREFIX + "checkpoint.duration").description("Checkpoint write duration").tags(tags)
                .publishPercentiles(0.5, 0.99).register(registry);
        checkpointBytes = DistributionSummary.builder(PREFIX + "checkpoint.bytes").description("Checkpoint size")
                .baseUnit("bytes").tags(tags).register(registry);
        freshness = Timer.builder(PREFIX + "freshness").description(
                "End-to-end freshness: record produce time to its effect being checkpointed and its results emitted")
                // Buckets only, no quantiles computed in the function: it is recorded once per record, and the
                // time-windowed quantiles cost 2.5 times the buckets (190 against 77 ns a record). Quantiles
                // over an interval come from two scrapes' buckets, as histogram_quantile gives them.
                .tags(tags).publishPercentileHistogram()
                .serviceLevelObjectives(definition.freshness().latency())
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(10))
                .register(registry);
        budget = new FreshnessBudget(definition.freshness(), Clock.systemUTC());
        for (Duration window : FreshnessBudget.WINDOWS) {
            Tags windowTags = tags.and("window", label(window));
            Gauge.builder(PREFIX + "slo.burn.rate", budget, b -> b.burnRate(window))
                    .description("Freshness error budget burn rate over the window: share of records slower than the"
                            + " objective's latency, divided by the share it allows (1 = spending exactly the budget)")
                    .tags(windowTags).register(registry);
            Gauge.builder(PREFIX + "slo.error.budget.remaining", budget, b -> b.budgetRemaining(window))
                    .description("Share of the freshness error budget left over the window (1 - burn rate, at least 0)")
                    .tags(windowTags).register(registry);
        }
        Gauge.builder(PREFIX + "slo.target", definition.freshness(), f -> f.target())
                .description("Share of records the freshness objective wants within its latency").tags(tags)
                .register(registry);
        Gauge.builder(PREFIX + "slo.latency", definition.freshness(), f -> f.latency().toMillis() / 1000.0)
                .description("The freshness objective's latency").baseUnit("seconds").tags(tags).register(registry);
        for (Step step : Step.values()) {
            steps.put(step, Timer.builder(PREFIX + "step.duration").description("Duration of one step of a micro-batch")
                    .tags(tags.and("step", step.spanName())).register(registry));
        }
    }

    /** {@code 5m}, {@code 1h}: as the alert rules name the windows. */
    static String label(Duration window) {
        return window.toMinutes() % 60 == 0 ? window.toHours() + "h" : window.toMinutes() + "m";
    }

    private Counter counter(String name, String description) {
        return Counter.builder(PREFIX + name).description(description).tags(tags).register(registry);
    }

    @Override
    public void batch(BatchOutcome o, long durationNanos) {
        recordsIn.increment(o.records());
        invalid.increment(o.invalid());
        late.increment(o.late());
        duplicates.increment(o.duplicates());
        redelivered.increment(o.skipped());
        finals.increment(o.finals());
        if (o.records() > 0) {
            batchSize.record(o.records());
            batchDuration.record(durationNanos, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void step(Step step, long durationNanos) {
        steps.get(step).record(durationNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void segmentPut(long bytes, long durationNanos) {
        s3Put.record(durationNanos, TimeUnit.NANOSECONDS);
        s3Bytes.increment(bytes);
    }

    @Override
    public void checkpoint(long bytes, long durationNanos) {
        checkpoint.record(durationNanos, TimeUnit.NANOSECONDS);
        checkpointBytes.record(bytes);
    }

    @Override
    public void backfillCut(int partition, long offsets) {
        backfillCuts.increment();
        backfillOffsets.increment(offsets);
    }

    @Override
    public void freshness(long millis) {
        freshness.record(Math.max(0, millis), TimeUnit.MILLISECONDS);
        budget.record(millis);
    }

    @Override
    public void freshness(long[] millis) {
        for (long m : millis) {
            freshness.record(Math.max(0, m), TimeUnit.MILLISECONDS);
        }
        budget.record(millis);
    }

    @Override
    public void watermark(int partition, long watermarkMs) {
        if (watermarkMs == Long.MIN_VALUE) {
            return;
        }
        watermarks.computeIfAbsent(partition, p -> {
            AtomicLong holder = new AtomicLong(watermarkMs);
            Gauge.builder(PREFIX + "watermark.lag", holder,
                    h -> (System.currentTimeMillis() - h.get()) / 1000.0)
                    .description("Seconds between now and the partition's watermark").baseUnit("seconds")
                    .tags(tags.and("partition", Integer.toString(p))).register(registry);
            return holder;
        }).set(watermarkMs);
    }

    @Override
    public void stateSize(int partition, int heldIds, int openRows) {
        long[] holder = stateSizes.computeIfAbsent(partition, p -> {
            long[] h = new long[2];
            Tags at = tags.and("partition", Integer.toString(p));
            Gauge.builder(PREFIX + "state.dedupe.ids", h, x -> x[0])
                    .description("Event ids the partition's dedupe filter holds in memory: rate × (horizon +"
                            + " lateness), and most of the heap a busy partition takes").baseUnit("ids").tags(at).register(registry);
            Gauge.builder(PREFIX + "state.open.rows", h, x -> x[1])
                    .description("Open (window, group) rows of the partition").baseUnit("rows").tags(at)
                    .register(registry);
            return h;
        });
        holder[0] = heldIds;
        holder[1] = openRows;
    }

    /**
     * A partition's pacing targets changed: gauges of the current records, bytes and wait per
     * partition, and a count of changes by reason.
     */
    public void pacing(int partition, PacingChange change) {
        pacing.computeIfAbsent(partition, p -> {
            AtomicReference<PacingTargets> holder = new AtomicReference<>(change.targets());
            Tags at = tags.and("partition", Integer.toString(p));
            Gauge.builder(PREFIX + "pacing.target.records", holder, h -> h.get().records())
                    .description("Records that make the partition's next micro-batch ready").baseUnit("records")
                    .tags(at).register(registry);
            Gauge.builder(PREFIX + "pacing.target.bytes", holder, h -> h.get().bytes())
                    .description("Record bytes that make the partition's next micro-batch ready").baseUnit("bytes")
                    .tags(at).register(registry);
            Gauge.builder(PREFIX + "pacing.target.wait", holder, h -> h.get().waitTime().toNanos() / 1e9)
                    .description("How long the first record of the partition's next micro-batch may wait for more")
                    .baseUnit("seconds").tags(at).register(registry);
            return holder;
        }).set(change.targets());
        Counter.builder(PREFIX + "pacing.changes").description("Changes of a partition's pacing targets, by reason")
                .tags(tags.and("reason", change.reason().label())).register(registry).increment();
    }

    /** Records between the partition's next offset and the end of the log. */
    public void lag(int partition, long records) {
        lags.computeIfAbsent(partition, p -> {
            AtomicLong holder = new AtomicLong();
            Gauge.builder(PREFIX + "lag", holder, AtomicLong::get)
                    .description("Records in the partition not yet processed").baseUnit("records")
                    .tags(tags.and("partition", Integer.toString(p))).register(registry);
            return holder;
        }).set(records);
    }

    @Override
    public void forget(int partition) {
        AtomicLong wm = watermarks.remove(partition);
        if (wm != null) {
            registry.find(PREFIX + "watermark.lag").tags(tags.and("partition", Integer.toString(partition))).meters()
                    .forEach(registry::remove);
        }
        if (stateSizes.remove(partition) != null) {
            for (String gauge : List.of("state.dedupe.ids", "state.open.rows")) {
                registry.find(PREFIX + gauge).tags(tags.and("partition", Integer.toString(partition))).meters()
                        .forEach(registry::remove);
            }
        }
        if (pacing.remove(partition) != null) {
            for (String gauge : List.of("pacing.target.records", "pacing.target.bytes", "pacing.target.wait")) {
                registry.find(PREFIX + gauge).tags(tags.and("partition", Integer.toString(partition))).meters()
                        .forEach(registry::remove);
            }
        }
        AtomicLong lag = lags.remove(partition);
        if (lag != null) {
            registry.find(PREFIX + "lag").tags(tags.and("partition", Integer.toString(partition))).meters()
                    .forEach(registry::remove);
        }
    }
}
