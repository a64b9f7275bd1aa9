package dev.tandem.shared.storage;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * The object-key layout of a Tandem bucket — the one owner of it. Each pipeline has seven
 * top-level areas:
 *
 * <pre>
 * raw/&lt;pipeline&gt;/date=YYYY-MM-DD/hour=HH/...      raw segments ({@link SegmentKey})
 * checkpoints/&lt;pipeline&gt;/&lt;topic&gt;-&lt;partition&gt;/  checkpoints and deltas ({@link Checkpoint})
 * backfill/&lt;pipeline&gt;/&lt;topic&gt;-&lt;partition&gt;/     backfill cuts and their completions ({@link BackfillCut})
 * dead-letters/&lt;pipeline&gt;/date=YYYY-MM-DD/...     values of dead letters too large for the dead-letter topic
 * runs/&lt;pipeline&gt;/&lt;runId&gt;/                      a batch run's manifest, status, report
 * results/&lt;pipeline&gt;/runs/&lt;runId&gt;/...            a batch run's result objects
 * results/&lt;pipeline&gt;/current/&lt;from&gt;_&lt;to&gt;.json   pointers: the run whose results are published
 * audit/&lt;pipeline&gt;/date=YYYY-MM-DD/...             the batch function's audit log
 * </pre>
 *
 * Everything of a run sits under its id; only pointers are shared between runs.
 */
public final class ObjectKeys {

    /** Object metadata naming the batch run that wrote an object. */
    public static final String RUN_METADATA = "tandem-run";

    static final String RAW = "raw/";
    private static final String MANIFEST = "manifest.json";
    private static final String COMPACTED_MANIFEST = "compacted-manifest.json";
    private static final String BACKFILL_CUT = ".cut.json";
    private static final String BACKFILL_DONE = ".done.json";
    private static final java.util.regex.Pattern RUN_ID = java.util.regex.Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}");

    private ObjectKeys() {
    }

    /** {@code raw/<pipeline>/}: every raw segment of the pipeline. */
    public static String raw(String pipeline) {
        return RAW + pipeline + "/";
    }

    /** The lineage dataset of the raw segments: {@code raw/<pipeline>}. */
    public static String rawDataset(String pipeline) {
        return RAW + pipeline;
    }

    /** {@code checkpoints/<pipeline>/<topic>-<partition>/}: one source partition's checkpoints. */
    public static String checkpoints(String pipeline, String topic, int partition) {
        return "checkpoints/" + pipeline + "/" + topic + "-" + partition + "/";
    }

    /** {@code dead-letters/<pipeline>/}: values of dead letters too large for the dead-letter topic. */
    public static String deadLetterPayloads(String pipeline) {
        return "dead-letters/" + pipeline + "/";
    }

    /**
     * The value of the invalid record at {@code topic-partition@offset}, produced at {@code producedAt}
     * (its date files it, so retention deletes it with the raw data of that day):
     * {@code dead-letters/<pipeline>/date=YYYY-MM-DD/<topic>-<partition>-<offset, 20 digits>.value}.
     */
    public static String deadLetterPayload(String pipeline, String topic, int partition, long offset, Instant producedAt) {
        ZonedDateTime t = producedAt.atZone(ZoneOffset.UTC);
        return deadLetterPayloads(pipeline) + String.format("date=%04d-%02d-%02d/%s-%d-%020d.value", t.getYear(),
                t.getMonthValue(), t.getDayOfMonth(), topic, partition, offset);
    }

    /** The day a dead-letter payload key is filed under, if {@code key} is one. */
    public static Optional<java.time.LocalDate> deadLetterPayloadDate(String pipeline, String key) {
        String prefix = deadLetterPayloads(pipeline) + "date=";
        if (!key.startsWith(prefix) || key.length() < prefix.length() + 10 || !key.endsWith(".value")) {
            return Optional.empty();
        }
        try {
            return Optional.of(java.time.LocalDate.parse(key.substring(prefix.length(), prefix.length() + 10)));
        } catch (java.time.format.DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** {@code backfill/<pipeline>/}: the backfill cuts of every source partition. */
    public static String backfill(String pipeline) {
        return "backfill/" + pipeline + "/";
    }

    /** {@code backfill/<pipeline>/<topic>-<partition>/}: one source partition's backfill cuts. */
    public static String backfillCuts(String pipeline, String topic, int partition) {
        return backfill(pipeline) + topic + "-" + partition + "/";
    }

    /**
     * The cut of a partition's offsets from {@code fromOffset}, keyed by its start (zero-padded, so
     * cuts list in offset order): deciding again from the same offset rewrites the same object.
     */
    public static String backfillCut(String pipeline, String topic, int partition, long fromOffset) {
        return backfillCuts(pipeline, topic, partition) + String.format("%020d", fromOffset) + BACKFILL_CUT;
    }

    /** The object that says the cut {@code cutKey} has been backfilled, written last by the backfill run. */
    public static String backfillDone(String cutKey) {
        if (!cutKey.endsWith(BACKFILL_CUT)) {
            throw new IllegalArgumentException("Not a backfill cut key: " + cutKey);
        }
        return cutKey.substring(0, cutKey.length() - BACKFILL_CUT.length()) + BACKFILL_DONE;
    }

    /** Whether {@code key} is a backfill cut (not a completion). */
    public static boolean isBackfillCut(String key) {
        return key.endsWith(BACKFILL_CUT);
    }

    /** {@code runs/<pipeline>/<runId>/}: manifest, status, reconciliation report. */
    public static String run(String pipeline, String runId) {
        return "runs/" + pipeline + "/" + runId + "/";
    }

    public static String manifest(String pipeline, String runId) {
        return run(pipeline, runId) + MANIFEST;
    }

    /** The manifest of a compaction's segments after it. */
    public static String compactedManifest(String pipeline, String runId) {
        return run(pipeline, runId) + COMPACTED_MANIFEST;
    }

    public static String status(String pipeline, String runId) {
        return run(pipeline, runId) + "status.json";
    }

    public static String reconcileReport(String pipeline, String runId) {
        return run(pipeline, runId) + "reconcile.json";
    }

    /** The run whose manifest {@code key} is, if it is a run's manifest of the pipeline. */
    public static Optional<String> runOfManifest(String pipeline, String key) {
        String prefix = "runs/" + pipeline + "/";
        if (key.startsWith(prefix) && key.endsWith("/" + MANIFEST)) {
            String runId = key.substring(prefix.length(), key.length() - MANIFEST.length() - 1);
            if (isRunId(runId)) {
                return Optional.of(runId);
            }
        }
        return Optional.empty();
    }

    /**
     * Whether {@code runId} can name a run: one key segment of letters, digits, {@code -}, {@code _}
     * and {@code .}, not starting with a dot — so it never climbs out of {@code runs/<pipeline>/}.
     * Runs are named {@code <kind>-<yyyyMMddTHHmmssZ>-<8 hex>}.
     */
    public static boolean isRunId(String runId) {
        return runId != null && RUN_ID.matcher(runId).matches();
    }

    /** Whether {@code key} is a manifest of one of the pipeline's runs (its own or a compaction's), which replay reads. */
    public static boolean isRunManifest(String pipeline, String key) {
        String prefix = "runs/" + pipeline + "/";
        if (key == null || !key.startsWith(prefix)) {
            return false;
        }
        String rest = key.substring(prefix.length());
        int slash = rest.indexOf('/');
        return slash > 0 && isRunId(rest.substring(0, slash))
                && (rest.substring(slash + 1).equals(MANIFEST) || rest.substring(slash + 1).equals(COMPACTED_MANIFEST));
    }

    /** The lineage dataset of the batch results: {@code results/<pipeline>}. */
    public static String resultsDataset(String pipeline) {
        return "results/" + pipeline;
    }

    /** {@code results/<pipeline>/runs/<runId>/}: the result objects of a run. */
    public static String results(String pipeline, String runId) {
        return "results/" + pipeline + "/runs/" + runId + "/";
    }

    /** The result object holding the windows that start in {@code hour}. */
    public static String resultObject(String pipeline, String runId, Instant hour) {
        ZonedDateTime h = hour.atZone(ZoneOffset.UTC);
        return results(pipeline, runId) + String.format("date=%04d-%02d-%02d/hour=%02d.ndjson.gz", h.getYear(),
                h.getMonthValue(), h.getDayOfMonth(), h.getHour());
    }

    /** {@code results/<pipeline>/current/}: one pointer per range to the run whose results are published. */
    public static String pointers(String pipeline) {
        return "results/" + pipeline + "/current/";
    }

    /** The pointer of the range {@code [from, to)}. */
    public static String pointer(String pipeline, Instant from, Instant to) {
        return pointers(pipeline) + from + "_" + to + ".json";
    }

    /** {@code audit/<pipeline>/}: the audit log's entries, one object each. */
    public static String audit(String pipeline) {
        return "audit/" + pipeline + "/";
    }

    /**
     * One audit entry, {@code audit/<pipeline>/date=YYYY-MM-DD/<time>-<invocation>-<event>.json}: named
     * so entries list in time order.
     */
    public static String auditEntry(String pipeline, Instant time, String invocation, String event) {
        ZonedDateTime t = time.atZone(ZoneOffset.UTC);
        return audit(pipeline) + String.format("date=%04d-%02d-%02d/%s-%s-%s.json", t.getYear(), t.getMonthValue(),
                t.getDayOfMonth(), time.toString().replace(':', '-'), invocation, event);
    }
}
