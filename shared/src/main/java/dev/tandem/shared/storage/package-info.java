/**
 * The formats Tandem keeps in object storage and on the results topic, each documented with an
 * example in {@code shared/FORMATS.md}:
 *
 * <ul>
 * <li>{@link dev.tandem.shared.storage.RawSegment}: gzip or zstd NDJSON (the pipeline's
 * {@code landing.codec}) of validated envelopes, one object per micro-batch, source partition and
 * event-time hour; its key derives only from the source coordinates, so a retry rewrites the same
 * object with the same bytes; readers tell the codec by the bytes;</li>
 * <li>{@link dev.tandem.shared.storage.Checkpoint}: a partition's state snapshot and next offset;</li>
 * <li>{@link dev.tandem.shared.storage.Manifest}: the exact objects (key, size, ETag) a batch run read;</li>
 * <li>{@link dev.tandem.shared.storage.ResultRecord}: one value of one (window, group), with its
 * status and lineage.</li>
 * </ul>
 *
 * Every writer here is deterministic: the same input gives the same bytes.
 *
 * <p>Segments are the per-record path of both rhythms, so their lines are written and read
 * without Jackson's general machinery where it is safe: a line whose strings need no escaping is
 * written straight into bytes ({@code SegmentLine}, the JSON generator the reference and the
 * writer of every other line). A fold reads each line straight off its bytes where the line is in
 * the form the writer writes ({@code SegmentLineScanner}), and with Jackson where it is not: the
 * scanner refuses what it cannot read exactly as Jackson would, a differential test holds the two
 * to the same envelopes, and a line Jackson cannot read alone has the whole segment read by Jackson,
 * as before. Jackson's reader matches each property name against the one the writer (or the lines
 * before) put next ({@code FieldOrder}) before it looks the name up.
 */
package dev.tandem.shared.storage;
