package dev.tandem.engine.batch;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.tandem.shared.definition.PipelineDefinition;
import dev.tandem.shared.record.Envelope;
import dev.tandem.shared.storage.Manifest;
import dev.tandem.shared.storage.ManifestEntry;
import dev.tandem.shared.storage.ObjectStore;
import dev.tandem.shared.storage.RawSegment;
import dev.tandem.shared.definition.SegmentCodec;
import dev.tandem.shared.storage.SegmentKey;
import dev.tandem.shared.storage.SegmentMetadata;

/**
 * Rewrites the many small segments of a range (one per micro-batch and hour) into few large ones
 * per partition and hour, and proves the rewrite harmless before deleting anything: the range is
 * folded from the original manifest and from the compacted one, and the result bytes must be
 * identical. Otherwise the new segments are deleted and the originals stay.
 *
 * <p>A compacted segment takes whole original segments, in offset order, until it holds at least
 * {@code targetRecords}; its key spans their offsets, so readers merge it like any other segment.
 */
public final class Compaction {

    private final ObjectStore store;
    private final ManifestFold fold;
    private final int targetRecords;
    private final SegmentCodec codec;

    public Compaction(ObjectStore store, PipelineDefinition definition, int targetRecords) {
        this.store = store;
        this.codec = definition.landingCodec();
        this.fold = new ManifestFold(store, definition);
        this.targetRecords = targetRecords;
    }

    /**
     * What a compaction did.
     *
     * @param before       the original manifest
     * @param after        the manifest of the same records after compaction
     * @param written      compacted segments written
     * @param deleted      original segments deleted
     * @param resultsEqual the proof: identical result bytes from both manifests
     */
    public record Outcome(Manifest before, Manifest after, List<String> written, List<String> deleted,
            boolean resultsEqual) {
    }

    public Outcome compact(Manifest before, FoldListener listener) {
        Map<Instant, byte[]> expected = ResultObjects.of(fold.fold(before, listener));
        Map<String, List<ManifestEntry>> groups = new TreeMap<>();
        for (ManifestEntry e : before.objects()) {
            SegmentKey k = SegmentKey.parse(e.key());
            groups.computeIfAbsent(k.partition() + "@" + k.hour(), g -> new ArrayList<>()).add(e);
        }
        List<ManifestEntry> kept = new ArrayList<>();
        List<ManifestEntry> replaced = new ArrayList<>();
        List<ManifestEntry> written = new ArrayList<>();
        for (List<ManifestEntry> group : groups.values()) {
            group.sort(Comparator.comparingLong((ManifestEntry e) -> SegmentKey.parse(e.key()).firstOffset())
                    .thenComparing(ManifestEntry::key));
            List<ManifestEntry> run = new ArrayList<>();
            List<Envelope> records = new ArrayList<>();
            List<SegmentMetadata> metadata = new ArrayList<>();
            for (ManifestEntry e : group) {
                run.add(e);
                ObjectStore.StoredObject o = read(e);
                records.addAll(RawSegment.read(o.bytes()));
                metadata.add(SegmentMetadata.of(o.metadata()));
                if (records.size() >= targetRecords) {
                    flush(run, records, metadata, kept, replaced, written);
                }
            }
            flush(run, records, metadata, kept, replaced, written);
        }
        List<ManifestEntry> afterEntries = new ArrayList<>(kept);
        afterEntries.addAll(written);
        Manifest after = new Manifest(before.pipeline(), before.from(), before.to(), before.layout(), afterEntries);
        Map<Instant, byte[]> actual = ResultObjects.of(fold.fold(after, FoldListener.NONE));
        boolean equal = sameBytes(expected, actual);
        List<String> writtenKeys = written.stream().map(ManifestEntry::key).toList();
        if (!equal) {
            store.delete(writtenKeys);
            return new Outcome(before, before, List.of(), List.of(), false);
        }
        List<String> deleted = replaced.stream().map(ManifestEntry::key).toList();
        store.delete(deleted);
        return new Outcome(before, after, writtenKeys, deleted, true);
    }

    private void flush(List<ManifestEntry> run, List<Envelope> records, List<SegmentMetadata> metadata,
            List<ManifestEntry> kept, List<ManifestEntry> replaced, List<ManifestEntry> written) {
        if (run.size() == 1) {
            kept.add(run.get(0));
        } else if (run.size() > 1) {
            SegmentKey first = SegmentKey.parse(run.get(0).key());
            long lo = run.stream().mapToLong(e -> SegmentKey.parse(e.key()).firstOffset()).min().orElseThrow();
            long hi = run.stream().mapToLong(e -> SegmentKey.parse(e.key()).lastOffset()).max().orElseThrow();
            SegmentKey key = new SegmentKey(first.pipeline(), first.topic(), first.partition(), lo, hi, first.hour(),
                    codec);
            records.sort(Comparator.comparingLong(e -> e.source().offset()));
            List<Envelope> distinct = new ArrayList<>(records.size());
            long previous = -1;
            for (Envelope e : records) {
                if (e.source().offset() != previous) {
                    distinct.add(e);
                    previous = e.source().offset();
                }
            }
            byte[] bytes = RawSegment.write(distinct, codec);
            // The merged segments' trace and lineage links are kept, so batch runs still link to their micro-batches.
            String etag = store.put(key.key(), bytes, SegmentMetadata.compacted(first.pipeline(), distinct.size(),
                    metadata).toMap());
            written.add(new ManifestEntry(key.key(), bytes.length, etag));
            replaced.addAll(run);
        }
        run.clear();
        records.clear();
        metadata.clear();
    }

    private ObjectStore.StoredObject read(ManifestEntry e) {
        return store.read(e.key()).orElseThrow(() -> new ManifestException("Segment " + e.key()
                + " disappeared during compaction"));
    }

    private static boolean sameBytes(Map<Instant, byte[]> a, Map<Instant, byte[]> b) {
        if (!a.keySet().equals(b.keySet())) {
            return false;
        }
        return a.entrySet().stream().allMatch(e -> Arrays.equals(e.getValue(), b.get(e.getKey())));
    }
}
