package dev.tandem.batch.observability;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.tandem.batch.config.BatchConfig;
import dev.tandem.engine.batch.FoldedRange;
import dev.tandem.engine.batch.ReconcileReport;
import dev.tandem.engine.batch.run.RunObserver;
import dev.tandem.engine.batch.run.RunState;
import dev.tandem.engine.batch.run.RunStatus;
import dev.tandem.shared.storage.ObjectKeys;
import dev.tandem.shared.definition.PipelineDefinition;
import dev.tandem.shared.lineage.LineageEmitter;
import dev.tandem.shared.lineage.LineageEventType;
import dev.tandem.shared.lineage.LineageRun;
import dev.tandem.shared.lineage.ObjectDataset;
import dev.tandem.shared.storage.SegmentMetadata;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;

/**
 * Traces, metrics and lineage of batch runs. A run is one span ({@code tandem.batch.<kind>}) with a
 * child span per segment read, each linked to the micro-batch span that wrote the segment (its
 * {@code traceparent} is in the segment's metadata). Metrics: run duration by kind and outcome,
 * records and bytes read, and reconciliation drift. Lineage: START, then COMPLETE or FAIL, with
 * the segments read, the objects written, and the micro-batch run as parent.
 */
@ApplicationScoped
public class RunTelemetry implements RunObserver {

    private static final Logger LOG = Logger.getLogger(RunTelemetry.class);
    private static final String PREFIX = "tandem.batch.";
    private static final int MAX_LINKS = 128;
    private static final int MAX_LINEAGE_KEYS = 1000;

    private final Tracer tracer;
    private final MeterRegistry registry;
    private final PipelineDefinition definition;
    private final LineageEmitter lineage;
    private final String bucket;
    private final Tags tags;
    private final Counter records;
    private final Counter bytes;
    private final Counter corrections;
    private final AtomicLong differing = new AtomicLong();
    private final AtomicLong unexplained = new AtomicLong();
    private final ExecutorService lineageSender = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "tandem-batch-lineage");
        t.setDaemon(true);
        return t;
    });

    RunTelemetry(Tracer tracer, MeterRegistry registry, PipelineDefinition definition, BatchConfig config) {
        this.tracer = tracer;
        this.registry = registry;
        this.definition = definition;
        this.bucket = config.s3().bucket();
        this.lineage = config.lineage().emitter();
        this.tags = Tags.of("pipeline", definition.name());
        records = Counter.builder(PREFIX + "records").description("Records folded by batch runs").tags(tags)
                .register(registry);
        bytes = Counter.builder(PREFIX + "bytes").description("Raw segment bytes read by batch runs").baseUnit("bytes")
                .tags(tags).register(registry);
        corrections = Counter.builder(PREFIX + "reconcile.corrections")
                .description("CORRECTED results published by reconciliation").tags(tags).register(registry);
        Gauge.builder(PREFIX + "reconcile.differing", differing, AtomicLong::get)
                .description("Partials whose batch value differed from the micro-batch's, last reconciliation")
                .tags(tags).register(registry);
        Gauge.builder(PREFIX + "reconcile.unexplained", unexplained, AtomicLong::get)
                .description("Differences not explained by late data, last reconciliation").tags(tags)
                .register(registry);
    }

    @Override
    public Observation start(RunStatus status) {
        Span span = tracer.spanBuilder(PREFIX + status.kind().label()).setNoParent()
                .setAttribute("tandem.pipeline", status.pipeline()).setAttribute("tandem.run.id", status.runId())
                .setAttribute("tandem.run.attempt", status.attempts()).startSpan();
        if (status.from() != null) {
            span.setAttribute("tandem.range.from", status.from().toString());
            span.setAttribute("tandem.range.to", status.to().toString());
        }
        RunObservation o = new RunObservation(status, span);
        o.lineage(LineageEventType.START, status, null);
        return o;
    }

    private final class RunObservation implements Observation {
        private final RunStatus started;
        private final Span span;
        private final long startNanos = System.nanoTime();
        private final List<String> segmentsRead = new ArrayList<>();
        private final Set<String> parents = new LinkedHashSet<>();
        private int links;
        private long recordsRead;
        private long bytesRead;

        RunObservation(RunStatus started, Span span) {
            this.started = started;
            this.span = span;
        }

        @Override
        public synchronized void segmentRead(String key, int n, long size, Map<String, String> metadata, long nanos) {
            SpanBuilder b = tracer.spanBuilder("read-segment").setParent(Context.root().with(span))
                    .setStartTimestamp(Instant.now().minusNanos(nanos))
                    .setAttribute("tandem.segment.key", key).setAttribute("tandem.segment.records", n)
                    .setAttribute("tandem.segment.bytes", size);
            SegmentMetadata segment = SegmentMetadata.of(metadata);
            // A compacted segment links to every micro-batch it holds records of.
            for (String traceparent : segment.traceparents()) {
                remote(traceparent).ifPresent(ctx -> {
                    b.addLink(ctx);
                    if (links++ < MAX_LINKS) {
                        span.addLink(ctx);
                    }
                });
            }
            b.startSpan().end();
            records.increment(n);
            bytes.increment(size);
            recordsRead += n;
            bytesRead += size;
            if (segmentsRead.size() < MAX_LINEAGE_KEYS) {
                segmentsRead.add(key);
            }
            if (segment.lineageRun() != null) {
                parents.add(segment.lineageRun());
            }
        }

        @Override
        public void folded(FoldedRange folded) {
            span.setAttribute("tandem.segments", folded.counts().segments());
            span.setAttribute("tandem.records", folded.counts().records());
            span.setAttribute("tandem.records.late", folded.counts().late());
            span.setAttribute("tandem.windows", folded.counts().windows());
        }

        @Override
        public void reconciled(ReconcileReport report) {
            differing.set(report.differing().size());
            unexplained.set(report.unexplained());
            corrections.increment(report.differing().size());
            span.setAttribute("tandem.reconcile.differing", report.differing().size());
            span.setAttribute("tandem.reconcile.unexplained", report.unexplained());
        }

        @Override
        public void end(RunStatus status, Throwable failure) {
            Timer.builder(PREFIX + "run.duration").description("Batch run duration").tags(tags)
                    .tag("kind", status.kind().label()).tag("state", status.state().name()).register(registry)
                    .record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
            if (failure != null) {
                span.recordException(failure);
                span.setStatus(StatusCode.ERROR, String.valueOf(failure.getMessage()));
            }
            span.end();
            lineage(status.state() == RunState.SUCCEEDED ? LineageEventType.COMPLETE : LineageEventType.FAIL, status,
                    failure);
        }

        void lineage(LineageEventType type, RunStatus status, Throwable failure) {
            if (!lineage.isEnabled()) {
                return;
            }
            List<ObjectDataset> inputs = segmentsRead.isEmpty() ? List.of()
                    : List.of(new ObjectDataset(bucket, ObjectKeys.rawDataset(definition.name()), segmentsRead, recordsRead, bytesRead));
            List<ObjectDataset> outputs = new ArrayList<>();
            if (status.result() != null && !status.result().writtenResultObjects().isEmpty()) {
                outputs.add(new ObjectDataset(bucket, ObjectKeys.resultsDataset(definition.name()),
                        status.result().writtenResultObjects(), status.result().writtenWindows(), 0));
            }
            Optional<LineageRun.ParentRun> parent = parents.stream().findFirst().map(p -> new LineageRun.ParentRun(
                    "tandem", definition.name() + ".microbatch", UUID.fromString(p)));
            LineageRun run = new LineageRun("tandem", definition.name() + "." + started.kind().label(),
                    UUID.nameUUIDFromBytes(started.runId().getBytes(java.nio.charset.StandardCharsets.UTF_8)), type,
                    Instant.now(), Optional.of(definition.currentSchema()), List.of(), inputs, outputs, parent,
                    Optional.ofNullable(failure == null ? status.error() : failure.getMessage()));
            lineageSender.execute(() -> {
                try {
                    lineage.emit(run);
                } catch (LineageEmitter.LineageException e) {
                    LOG.warn(e.getMessage());
                }
            });
        }
    }

    /** The span context of a W3C {@code traceparent}, if it is one. */
    static Optional<SpanContext> remote(String traceparent) {
        if (traceparent == null) {
            return Optional.empty();
        }
        String[] parts = traceparent.split("-");
        if (parts.length != 4 || parts[1].length() != 32 || parts[2].length() != 16) {
            return Optional.empty();
        }
        SpanContext c = SpanContext.createFromRemoteParent(parts[1], parts[2],
                TraceFlags.fromHex(parts[3], 0), TraceState.getDefault());
        return c.isValid() ? Optional.of(c) : Optional.empty();
    }

    @PreDestroy
    void stop() throws Exception {
        lineageSender.shutdown();
        lineageSender.awaitTermination(5, TimeUnit.SECONDS);
        lineage.close();
    }
}
