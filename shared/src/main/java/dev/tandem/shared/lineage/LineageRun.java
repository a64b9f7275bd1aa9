package dev.tandem.shared.lineage;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import dev.tandem.shared.schema.SchemaVersion;

/**
 * One lineage event of a run.
 *
 * @param namespace    the job namespace, e.g. {@code tandem}
 * @param job          the job name, e.g. {@code orders.microbatch} or {@code orders.recompute}
 * @param runId        the run; a long-lived micro-batch consumer keeps one run id and reports RUNNING
 * @param type         START, RUNNING, COMPLETE or FAIL
 * @param time         when it happened
 * @param schema       the event schema of the inputs
 * @param kafkaInputs  topics read
 * @param objectInputs objects read
 * @param outputs      objects written
 * @param parent       the run this one belongs to (a batch run names the micro-batch run)
 * @param error        for FAIL: what went wrong
 */
public record LineageRun(String namespace, String job, UUID runId, LineageEventType type, Instant time,
        Optional<SchemaVersion> schema, List<KafkaInput> kafkaInputs, List<ObjectDataset> objectInputs,
        List<ObjectDataset> outputs, Optional<ParentRun> parent, Optional<String> error) {

    public LineageRun {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(schema, "schema");
        kafkaInputs = List.copyOf(kafkaInputs);
        objectInputs = List.copyOf(objectInputs);
        outputs = List.copyOf(outputs);
        Objects.requireNonNull(parent, "parent");
        Objects.requireNonNull(error, "error");
    }

    /** A run of another job that this run is part of or derives from. */
    public record ParentRun(String namespace, String job, UUID runId) {
    }
}
