package dev.tandem.engine.batch;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/** Where a batch run's objects live. Everything of a run sits under its id; only pointers are shared. */
public final class RunKeys {

    private RunKeys() {
    }

    /** {@code runs/<pipeline>/<runId>/}: manifest, status, reconciliation report. */
    public static String runPrefix(String pipeline, String runId) {
        return "runs/" + pipeline + "/" + runId + "/";
    }

    public static String manifest(String pipeline, String runId) {
        return runPrefix(pipeline, runId) + "manifest.json";
    }

    public static String status(String pipeline, String runId) {
        return runPrefix(pipeline, runId) + "status.json";
    }

    public static String reconcileReport(String pipeline, String runId) {
        return runPrefix(pipeline, runId) + "reconcile.json";
    }

    /** {@code results/<pipeline>/runs/<runId>/}: the result objects of a run. */
    public static String resultsPrefix(String pipeline, String runId) {
        return "results/" + pipeline + "/runs/" + runId + "/";
    }

    /** The result object holding the windows that start in {@code hour}. */
    public static String resultObject(String pipeline, String runId, Instant hour) {
        ZonedDateTime h = hour.atZone(ZoneOffset.UTC);
        return resultsPrefix(pipeline, runId) + String.format("date=%04d-%02d-%02d/hour=%02d.ndjson.gz", h.getYear(),
                h.getMonthValue(), h.getDayOfMonth(), h.getHour());
    }

    /** {@code results/<pipeline>/current/}: one pointer per range to the run whose results are published. */
    public static String pointersPrefix(String pipeline) {
        return "results/" + pipeline + "/current/";
    }

    public static String pointer(String pipeline, TimeRange range) {
        return pointersPrefix(pipeline) + range.slug() + ".json";
    }
}
