package dev.tandem.engine.batch.run;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What {@code runStatus} answers, kept in S3 next to the run's manifest and updated as it goes.
 *
 * @param runId       the run
 * @param pipeline    the pipeline
 * @param kind        what it does
 * @param state       RUNNING, SUCCEEDED or FAILED
 * @param from        range start (inclusive, ISO-8601), if the run has a range
 * @param to          range end (exclusive)
 * @param manifest    the manifest's key once cut
 * @param progress    segments done of total, records folded
 * @param result      what the run produced (counts, keys, reconciliation summary), once done
 * @param startedAt   when it (last) started (ISO-8601)
 * @param finishedAt  when it ended
 * @param durationMs  how long it took
 * @param error       why it failed
 * @param requestedBy who asked (the token's subject, or {@code schedule})
 * @param attempts    1, plus one per resume
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunStatus(String runId, String pipeline, RunKind kind, RunState state, String from, String to,
        String manifest, Progress progress, ObjectNode result, String startedAt, String finishedAt, Long durationMs,
        String error, String requestedBy, int attempts) {

    /**
     * How far a run got.
     *
     * @param segmentsDone  segments read
     * @param segmentsTotal segments in the manifest
     * @param records       records folded
     */
    public record Progress(int segmentsDone, int segmentsTotal, long records) {
        public static final Progress NONE = new Progress(0, 0, 0);
    }

    public static RunStatus started(String runId, String pipeline, RunKind kind, Instant from, Instant to,
            String requestedBy, Instant now) {
        return new RunStatus(runId, pipeline, kind, RunState.RUNNING, from == null ? null : from.toString(),
                to == null ? null : to.toString(), null, Progress.NONE, null, now.toString(), null, null, null,
                requestedBy, 1);
    }

    public RunStatus withManifest(String key, int segments) {
        return new RunStatus(runId, pipeline, kind, state, from, to, key, new Progress(0, segments, 0), result,
                startedAt, finishedAt, durationMs, error, requestedBy, attempts);
    }

    public RunStatus withProgress(Progress p) {
        return new RunStatus(runId, pipeline, kind, state, from, to, manifest, p, result, startedAt, finishedAt,
                durationMs, error, requestedBy, attempts);
    }

    public RunStatus succeeded(ObjectNode summary, Instant now) {
        return new RunStatus(runId, pipeline, kind, RunState.SUCCEEDED, from, to, manifest, progress, summary, startedAt,
                now.toString(), now.toEpochMilli() - Instant.parse(startedAt).toEpochMilli(), null, requestedBy, attempts);
    }

    public RunStatus failed(String why, Instant now) {
        return new RunStatus(runId, pipeline, kind, RunState.FAILED, from, to, manifest, progress, result, startedAt,
                now.toString(), now.toEpochMilli() - Instant.parse(startedAt).toEpochMilli(), why, requestedBy, attempts);
    }

    public RunStatus resumed(Instant now) {
        return new RunStatus(runId, pipeline, kind, RunState.RUNNING, from, to, manifest, progress, null,
                now.toString(), null, null, null, requestedBy, attempts + 1);
    }
}
