package dev.tandem.microbatch.observability;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.tandem.microbatch.config.TandemConfig;
import dev.tandem.engine.microbatch.BatchOutcome;
import dev.tandem.engine.microbatch.MicroBatchMetrics;
import dev.tandem.shared.storage.ObjectKeys;
import dev.tandem.shared.definition.PipelineDefinition;
import dev.tandem.shared.lineage.KafkaInput;
import dev.tandem.shared.lineage.LineageEmitter;
import dev.tandem.shared.lineage.LineageEventType;
import dev.tandem.shared.lineage.LineageRun;
import dev.tandem.shared.lineage.ObjectDataset;
import dev.tandem.shared.lineage.QualityCounts;
import dev.tandem.shared.state.SourceRanges.OffsetRange;
import io.quarkus.runtime.StartupEvent;

/**
 * OpenLineage for the long-lived micro-batch run: START when the function starts, a RUNNING
 * event per {@code tandem.lineage.every-batches} micro-batches with the offset ranges read, the
 * segment keys written and the data-quality counts since the previous one, COMPLETE on shutdown.
 * Events are sent off the processing path; a failed send is logged, never fails a batch.
 */
@ApplicationScoped
public class LineageReporter implements MicroBatchMetrics {

    private static final Logger LOG = Logger.getLogger(LineageReporter.class);

    private final LineageEmitter emitter;
    private final PipelineDefinition definition;
    private final String bootstrap;
    private final String bucket;
    private final int everyBatches;
    private final UUID runId = UUID.randomUUID();
    private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "tandem-lineage");
        t.setDaemon(true);
        return t;
    });

    private final Map<Integer, long[]> offsets = new TreeMap<>();
    private final List<String> segments = new ArrayList<>();
    private QualityCounts quality = QualityCounts.NONE;
    private long segmentBytes;
    private int batches;

    LineageReporter(TandemConfig config, PipelineDefinition definition,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap) {
        this.emitter = config.lineage().emitter();
        this.definition = definition;
        this.bootstrap = bootstrap.split(",")[0].trim();
        this.bucket = config.s3().bucket();
        this.everyBatches = Math.max(1, config.lineage().everyBatches());
    }

    public UUID runId() {
        return runId;
    }

    void started(@Observes StartupEvent event) {
        send(run(LineageEventType.START, List.of(), List.of()));
    }

    @Override
    public synchronized void batch(BatchOutcome o, long durationNanos) {
        if (!emitter.isEnabled() || o.firstOffset() < 0) {
            return;
        }
        offsets.merge(o.partition(), new long[] {o.firstOffset(), o.nextOffset() - 1},
                (a, b) -> new long[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
        segments.addAll(o.segmentKeys());
        segmentBytes += o.segmentBytes();
        quality = quality.plus(new QualityCounts(o.records() - o.invalid(), o.invalid(), o.late(), o.duplicates()));
        if (++batches >= everyBatches) {
            flush(LineageEventType.RUNNING);
        }
    }

    private void flush(LineageEventType type) {
        Map<Integer, OffsetRange> ranges = new TreeMap<>();
        offsets.forEach((p, r) -> ranges.put(p, new OffsetRange(r[0], r[1])));
        List<KafkaInput> inputs = ranges.isEmpty() ? List.of()
                : List.of(new KafkaInput(bootstrap, definition.source().topic(), ranges, quality));
        List<ObjectDataset> outputs = segments.isEmpty() ? List.of()
                : List.of(new ObjectDataset(bucket, ObjectKeys.rawDataset(definition.name()), segments, quality.valid(), segmentBytes));
        send(run(type, inputs, outputs));
        offsets.clear();
        segments.clear();
        quality = QualityCounts.NONE;
        segmentBytes = 0;
        batches = 0;
    }

    private LineageRun run(LineageEventType type, List<KafkaInput> inputs, List<ObjectDataset> outputs) {
        return new LineageRun("tandem", definition.name() + ".microbatch", runId, type, Instant.now(),
                Optional.of(definition.currentSchema()), inputs, List.of(), outputs, Optional.empty(), Optional.empty());
    }

    private void send(LineageRun run) {
        if (!emitter.isEnabled()) {
            return;
        }
        sender.execute(() -> {
            try {
                emitter.emit(run);
            } catch (LineageEmitter.LineageException e) {
                LOG.warn(e.getMessage());
            }
        });
    }

    @PreDestroy
    void stop() throws Exception {
        synchronized (this) {
            if (batches > 0) {
                flush(LineageEventType.RUNNING);
            }
            send(run(LineageEventType.COMPLETE, List.of(), List.of()));
        }
        sender.shutdown();
        sender.awaitTermination(5, TimeUnit.SECONDS);
        emitter.close();
    }
}
