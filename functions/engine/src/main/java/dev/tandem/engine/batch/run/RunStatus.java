package dev.tandem.engine.batch.run;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import dev.tandem.shared.record.Json;

/**
 * What {@code runStatus} answers, kept in S3 next to the run's manifest and updated as it goes.
 *
 * @param runId       the run
 * @param pipeline    the pipeline
 * @param kind        what it does
 * @param state       RUNNING, SUCCEEDED or FAILED
 * @param from        range start (inclusive), if the run has a range
 * @param to          range end (exclusive)
 * @param manifest    the manifest's key once cut
 * @param progress    segments done of total, records folded
 * @param result      what the run produced (counts, keys, reconciliation summary), once done; its
 *                    type is {@link RunKind#summaryType()} of {@code kind}
 * @param startedAt   when it (last) started
 * @param finishedAt  when it ended
 * @param durationMs  how long it took
 * @param error       why it failed
 * @param requestedBy who asked (the token's subject, or {@code schedule})
 * @param attempts    1, plus one per resume
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunStatus(String runId, String pipeline, RunKind kind, RunState state, Instant from, Instant to,
        String manifest, Progress progress, RunSummary result, Instant startedAt, Instant finishedAt, Long durationMs,
        String error, String requestedBy, int attempts) {

    public RunStatus {
        if (result != null && !kind.summaryType().isInstance(result)) {
            throw new IllegalArgumentException("A " + kind.label() + " run is summarised by "
                    + kind.summaryType().getSimpleName() + ", not " + result.getClass().getSimpleName());
        }
    }

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

    /** Reads a status back: the summary's type follows from the run's kind. */
    @JsonCreator
    static RunStatus fromJson(@JsonProperty("runId") String runId, @JsonProperty("pipeline") String pipeline,
            @JsonProperty("kind") RunKind kind, @JsonProperty("state") RunState state,
            @JsonProperty("from") Instant from, @JsonProperty("to") Instant to,
            @JsonProperty("manifest") String manifest, @JsonProperty("progress") Progress progress,
            @JsonProperty("result") JsonNode result, @JsonProperty("startedAt") Instant startedAt,
            @JsonProperty("finishedAt") Instant finishedAt, @JsonProperty("durationMs") Long durationMs,
            @JsonProperty("error") String error, @JsonProperty("requestedBy") String requestedBy,
            @JsonProperty("attempts") int attempts) {
        RunSummary summary;
        try {
            summary = result == null || result.isNull() ? null : Json.mapper().treeToValue(result, kind.summaryType());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("The result of run " + runId + " is not a " + kind.label()
                    + " summary: " + e.getOriginalMessage(), e);
        }
        return new RunStatus(runId, pipeline, kind, state, from, to, manifest, progress, summary, startedAt,
                finishedAt, durationMs, error, requestedBy, attempts);
    }

    public static RunStatus started(String runId, String pipeline, RunKind kind, Instant from, Instant to,
            String requestedBy, Instant now) {
        return new RunStatus(runId, pipeline, kind, RunState.RUNNING, from, to, null, Progress.NONE, null, now, null,
                null, null, requestedBy, 1);
    }

    public RunStatus withManifest(String key, int segments) {
        return new RunStatus(runId, pipeline, kind, state, from, to, key, new Progress(0, segments, 0), result,
                startedAt, finishedAt, durationMs, error, requestedBy, attempts);
    }

    /** The event-time range a run found it covers (a backfill learns it from the records it lands). */
    public RunStatus withRange(Instant from, Instant to) {
        return new RunStatus(runId, pipeline, kind, state, from, to, manifest, progress, result, startedAt, finishedAt,
                durationMs, error, requestedBy, attempts);
    }

    public RunStatus withProgress(Progress p) {
        return new RunStatus(runId, pipeline, kind, state, from, to, manifest, p, result, startedAt, finishedAt,
                durationMs, error, requestedBy, attempts);
    }

    public RunStatus succeeded(RunSummary summary, Instant now) {
        return new RunStatus(runId, pipeline, kind, RunState.SUCCEEDED, from, to, manifest, progress, summary,
                startedAt, now, now.toEpochMilli() - startedAt.toEpochMilli(), null, requestedBy, attempts);
    }

    public RunStatus failed(String why, Instant now) {
        return new RunStatus(runId, pipeline, kind, RunState.FAILED, from, to, manifest, progress, result, startedAt,
                now, now.toEpochMilli() - startedAt.toEpochMilli(), why, requestedBy, attempts);
    }

    public RunStatus resumed(Instant now) {
        return new RunStatus(runId, pipeline, kind, RunState.RUNNING, from, to, manifest, progress, null, now, null,
                null, null, requestedBy, attempts + 1);
    }
}
