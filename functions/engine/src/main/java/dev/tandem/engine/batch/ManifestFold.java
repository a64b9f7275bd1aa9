package dev.tandem.engine.batch;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.tandem.shared.storage.PartialKey;
import dev.tandem.shared.definition.PipelineDefinition;
import dev.tandem.shared.record.Envelope;
import dev.tandem.shared.state.FoldMode;
import dev.tandem.shared.state.FoldOutcome;
import dev.tandem.shared.state.PartitionState;
import dev.tandem.shared.state.StateLayout;
import dev.tandem.shared.state.WindowAggregates;
import dev.tandem.shared.storage.Manifest;
import dev.tandem.shared.storage.ManifestEntry;
import dev.tandem.shared.storage.ObjectStore;
import dev.tandem.shared.storage.RawSegment;
import dev.tandem.shared.storage.SegmentKey;
import dev.tandem.shared.window.Window;

/**
 * Folds the segments of a manifest with the shared engine, exactly as the micro-batch function
 * folded them: per source partition, in offset order, with dedupe — but late records included
 * ({@link FoldMode#INCLUDE_LATE}), which makes the values complete.
 *
 * <p>A partition's segments are merged by offset: a micro-batch is split by event hour, retries may
 * overlap earlier segments, and compaction merges segments; records at one offset are identical,
 * so the first copy is folded and others skipped. A segment is opened only when the merge reaches
 * its first offset — but fetched a little before: the next segments of each partition are read
 * ahead of the merge ({@link #READ_AHEAD} of them, within {@link #READ_AHEAD_BYTES}), so a GET's
 * latency overlaps the fold. Closed windows leave the partition's state as the watermark passes
 * them, so memory holds the range's (window, group) values, the segments open and the bytes read
 * ahead, never all records. Partitions are folded in parallel; the listener hears from
 * several threads, each partition's segments in the order the merge opens them.
 */
public final class ManifestFold {

    private static final int CHUNK = 4096;
    /**
     * Segments of a partition read ahead of the one the merge opens: against S3's tens of
     * milliseconds to a GET's first byte, a partition's fold would otherwise wait on every segment.
     */
    static final int READ_AHEAD = 2;
    /** Bytes a partition reads ahead at most (compacted segments are large). */
    static final long READ_AHEAD_BYTES = 16L << 20;

    private final ObjectStore store;
    private final PipelineDefinition definition;
    private final StateLayout layout;

    public ManifestFold(ObjectStore store, PipelineDefinition definition) {
        this.store = store;
        this.definition = definition;
        this.layout = StateLayout.of(definition);
    }

    public FoldedRange fold(Manifest manifest, FoldListener listener) {
        if (!manifest.pipeline().equals(definition.name())) {
            throw new ManifestException("The manifest is for pipeline '" + manifest.pipeline() + "', not '"
                    + definition.name() + "'");
        }
        if (!manifest.layout().equals(layout.fingerprint())) {
            throw new ManifestException("The manifest was cut for state layout " + manifest.layout()
                    + " but the pipeline's windows, lateness or aggregates now give " + layout.fingerprint()
                    + "; recompute the range to cut a new manifest");
        }
        TimeRange range = new TimeRange(manifest.from(), manifest.to());
        Map<Integer, List<ManifestEntry>> byPartition = new TreeMap<>();
        for (ManifestEntry e : manifest.objects()) {
            byPartition.computeIfAbsent(SegmentKey.parse(e.key()).partition(), p -> new ArrayList<>()).add(e);
        }
        // Partitions are independent until their partials are merged: folded on all cores, merged
        // in partition order (the aggregates' merge is order-insensitive, but the order is fixed anyway).
        int threads = Math.max(1, Math.min(byPartition.size(), Runtime.getRuntime().availableProcessors()));
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "tandem-batch-fold");
            t.setDaemon(true);
            return t;
        });
        ExecutorService reads = Executors.newFixedThreadPool(threads * READ_AHEAD, r -> {
            Thread t = new Thread(r, "tandem-batch-read");
            t.setDaemon(true);
            return t;
        });
        Map<Integer, Future<Run>> runs = new TreeMap<>();
        try {
            byPartition.forEach((partition, entries) -> runs.put(partition, pool.submit(() -> {
                Run run = new Run(range, listener, reads);
                run.foldPartition(partition, entries);
                return run;
            })));
            WindowAggregates complete = new WindowAggregates(layout.aggregation());
            Map<Integer, WindowAggregates> partials = new TreeMap<>();
            java.util.SortedMap<PartialKey, FoldedRange.LateRecords> late = new TreeMap<>();
            int segments = 0;
            long bytes = 0;
            long records = 0;
            long duplicates = 0;
            long lateCount = 0;
            for (Map.Entry<Integer, Future<Run>> e : runs.entrySet()) {
                Run run = await(e.getValue());
                partials.put(e.getKey(), run.partial);
                complete.merge(run.partial);
                run.late.forEach((k, t) -> late.put(k, t.records()));
                segments += run.segments;
                bytes += run.bytes;
                records += run.records;
                duplicates += run.duplicates;
                lateCount += run.lateCount;
            }
            return new FoldedRange(manifest, complete, partials, late,
                    new FoldCounts(segments, bytes, records, duplicates, lateCount, complete.size()),
                    new SegmentIndex(manifest));
        } finally {
            pool.shutdownNow();
            reads.shutdownNow();
        }
    }

    private static <T> T await(Future<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while folding", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** The fold of one partition. */
    private final class Run {
        final TimeRange range;
        final FoldListener listener;
        final ExecutorService reads;
        final WindowAggregates partial = new WindowAggregates(layout.aggregation());
        final Map<PartialKey, LateTally> late = new java.util.HashMap<>();
        int segments;
        long bytes;
        long records;
        long duplicates;
        long lateCount;
        /** GETs of the partition's segments, by their index in merge order; those not yet opened are in flight. */
        List<Future<Fetched>> ahead;
        int submitted;
        long aheadBytes;

        Run(TimeRange range, FoldListener listener, ExecutorService reads) {
            this.range = range;
            this.listener = listener;
            this.reads = reads;
        }

        void foldPartition(int partition, List<ManifestEntry> entries) {
            PartitionState state = PartitionState.empty(layout, partition);
            List<ManifestEntry> pending = new ArrayList<>(entries);
            pending.sort(Comparator.comparingLong((ManifestEntry e) -> SegmentKey.parse(e.key()).firstOffset())
                    .thenComparing(ManifestEntry::key));
            long[] firstOffsets = pending.stream().mapToLong(e -> SegmentKey.parse(e.key()).firstOffset()).toArray();
            ahead = new ArrayList<>(Collections.nCopies(pending.size(), null));
            PriorityQueue<Cursor> open = new PriorityQueue<>(Comparator.comparingLong(Cursor::offset));
            int next = 0;
            long lastOffset = -1;
            List<Envelope> chunk = new ArrayList<>(CHUNK);
            Map<Envelope, String> segmentOf = new IdentityHashMap<>();
            while (next < pending.size() || !open.isEmpty()) {
                // Open every segment that may hold the next offset.
                while (next < pending.size() && (open.isEmpty()
                        || firstOffsets[next] <= open.peek().offset())) {
                    Cursor c = openSegment(pending, next++);
                    if (c != null) {
                        open.add(c);
                    }
                }
                if (open.isEmpty()) {
                    continue;
                }
                Cursor c = open.poll();
                Envelope e = c.current();
                if (e.source().offset() > lastOffset) {
                    lastOffset = e.source().offset();
                    chunk.add(e);
                    segmentOf.put(e, c.key);
                    if (chunk.size() == CHUNK) {
                        foldChunk(state, partial, chunk, segmentOf, false);
                    }
                }
                if (c.advance()) {
                    open.add(c);
                }
            }
            foldChunk(state, partial, chunk, segmentOf, true);
        }

        /** The merge's {@code i}th segment, fetched ahead or now; the next ones are set fetching. */
        private Cursor openSegment(List<ManifestEntry> pending, int i) {
            while (submitted < pending.size() && submitted <= i + READ_AHEAD
                    && (submitted <= i || aheadBytes + pending.get(submitted).size() <= READ_AHEAD_BYTES)) {
                ManifestEntry entry = pending.get(submitted);
                aheadBytes += entry.size();
                ahead.set(submitted++, reads.submit(() -> fetch(entry)));
            }
            Fetched fetched = await(ahead.set(i, null));
            aheadBytes -= pending.get(i).size();
            // Decoded here, not where it was fetched: envelopes made ahead of the merge would outlive
            // young collections for nothing, and two cores gain nothing from more threads decoding.
            long t0 = System.nanoTime();
            String key = pending.get(i).key();
            byte[] bytes = fetched.object().bytes();
            List<Envelope> envelopes = RawSegment.readForFold(bytes, layout.aggregation());
            segments++;
            this.bytes += bytes.length;
            listener.segmentRead(key, envelopes.size(), bytes.length, fetched.object().metadata(),
                    fetched.nanos() + System.nanoTime() - t0);
            return envelopes.isEmpty() ? null : new Cursor(key, envelopes);
        }

        private Fetched fetch(ManifestEntry entry) {
            long t0 = System.nanoTime();
            ObjectStore.StoredObject o = store.read(entry.key()).orElseThrow(() -> new ManifestException(
                    "Segment " + entry.key() + " of the manifest is gone (compacted or deleted by retention?);"
                            + " recompute the range to cut a new manifest"));
            if (o.bytes().length != entry.size() || !o.etag().equals(entry.etag())) {
                throw new ManifestException("Segment " + entry.key() + " changed since the manifest was cut (size "
                        + o.bytes().length + " vs " + entry.size() + ", ETag " + o.etag() + " vs " + entry.etag()
                        + "); recompute the range to cut a new manifest");
            }
            return new Fetched(o, System.nanoTime() - t0);
        }

        private void foldChunk(PartitionState state, WindowAggregates partial, List<Envelope> chunk,
                Map<Envelope, String> segmentOf, boolean last) {
            FoldOutcome outcome = state.fold(chunk, FoldMode.INCLUDE_LATE);
            // A run writes no deltas: dropping what the next one would hold keeps the ids remembered
            // and the windows taken from piling up over the whole range (each new row's lookup went
            // through every window taken so far).
            state.markCheckpointed();
            records += chunk.size();
            duplicates += outcome.duplicates();
            for (Envelope e : outcome.late()) {
                lateCount++;
                for (Window w : layout.window().windowsFor(e.eventTimeMs())) {
                    if (range.containsWindow(w)) {
                        late.computeIfAbsent(new PartialKey(w, e.group(), e.source().partition()), k -> new LateTally())
                                .add(e.source().offset(), segmentOf.get(e));
                    }
                }
            }
            chunk.clear();
            segmentOf.clear();
            long watermark = state.watermarkMs();
            WindowAggregates done = state.takeWindows(last ? w -> true : w -> w.isClosedAt(watermark));
            partial.merge(done.extractWindows(range::containsWindow));
        }
    }

    /** A segment's object as fetched, and how long the GET took. */
    private record Fetched(ObjectStore.StoredObject object, long nanos) {
    }

    /** Late records of one partial, as they are found. */
    private static final class LateTally {
        int count;
        long firstOffset = Long.MAX_VALUE;
        final TreeSet<String> segments = new TreeSet<>();

        void add(long offset, String segment) {
            count++;
            firstOffset = Math.min(firstOffset, offset);
            segments.add(segment);
        }

        FoldedRange.LateRecords records() {
            return new FoldedRange.LateRecords(count, firstOffset, java.util.Collections.unmodifiableSortedSet(segments));
        }
    }

    /** A segment being merged: its records and the position reached. */
    private static final class Cursor {
        final String key;
        final List<Envelope> envelopes;
        int position;

        Cursor(String key, List<Envelope> envelopes) {
            this.key = key;
            this.envelopes = envelopes;
        }

        Envelope current() {
            return envelopes.get(position);
        }

        long offset() {
            return current().source().offset();
        }

        boolean advance() {
            return ++position < envelopes.size();
        }
    }
}
