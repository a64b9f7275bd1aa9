package dev.tandem.microbatch.push;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.tandem.function.http.Problem;
import dev.tandem.function.io.SourcePartitions;
import dev.tandem.function.push.CloudEventsBatchParser;
import dev.tandem.function.push.LambdaKafkaEventParser;
import dev.tandem.function.push.MalformedPushException;
import dev.tandem.function.push.PushedBatch;
import dev.tandem.engine.failure.Attempts;
import dev.tandem.engine.failure.FailureStrategy;
import dev.tandem.engine.failure.Where;
import dev.tandem.engine.microbatch.BatchOutcome;
import dev.tandem.engine.microbatch.MicroBatchProcessor;
import dev.tandem.microbatch.observability.FailureReporting;
import dev.tandem.microbatch.observability.ProcessingHealth;
import dev.tandem.shared.record.Json;
import dev.tandem.shared.record.RawRecord;
import io.quarkus.vertx.web.Route;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /push}: a batch of records pushed by a queue trigger, processed by the same
 * processor as pulled records. {@code application/json} is the AWS Lambda Kafka event-source
 * payload; {@code application/cloudevents-batch+json} a CloudEvents batch. Answers 200 with what
 * each partition's batch did; 400/415 with an RFC 9457 problem for a malformed request; 409 when
 * a batch starts after a partition's checkpoint (records in between were never delivered); 503
 * when S3 or Kafka failed (the trigger retries; a retry has exactly the effect of one delivery).
 *
 * <p>Before anything is processed, every partition of the batch is checked against the source
 * topic ({@link SourcePartitions}): one the topic does not have is a 400, and one a live member of
 * the pipeline's pull consumer group owns is a 409 — a pushed record at an offset the pull consumer
 * has not reached would make the real record there count as a redelivery and be skipped.
 */
@ApplicationScoped
public class PushRoutes {

    private static final Logger LOG = Logger.getLogger(PushRoutes.class);

    private final MicroBatchProcessor processor;
    private final ProcessingHealth health;
    /** The trigger retries a failed delivery itself; a gap is the trigger's to fill. */
    private final Attempts attempts;

    private final SourcePartitions partitions;
    private final String groupId;

    PushRoutes(MicroBatchProcessor processor, ProcessingHealth health, FailureReporting failures,
            SourcePartitions partitions, @ConfigProperty(name = "mp.messaging.incoming.source.group.id") String groupId) {
        this.processor = processor;
        this.partitions = partitions;
        this.groupId = groupId;
        this.health = health;
        this.attempts = new Attempts(FailureStrategy.failFast().seekOnGap(), failures, Attempts.Sleeper.THREAD);
    }

    @Route(path = "/push", methods = Route.HttpMethod.POST, type = Route.HandlerType.BLOCKING)
    void push(RoutingContext rc) {
        String contentType = rc.request().getHeader("Content-Type");
        String mediaType = contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
        if (!mediaType.equals("application/json") && !mediaType.equals(CloudEventsBatchParser.CONTENT_TYPE)) {
            problem(rc, 415, "Unsupported media type", "Content-Type '" + contentType + "' is not accepted; send"
                    + " application/json (AWS Lambda Kafka event) or " + CloudEventsBatchParser.CONTENT_TYPE, "");
            return;
        }
        PushedBatch batch;
        try {
            JsonNode body = parse(rc.body().buffer());
            batch = mediaType.equals(CloudEventsBatchParser.CONTENT_TYPE)
                    ? CloudEventsBatchParser.parse(body, processor.topic(), processor.definition().source().format())
                    : LambdaKafkaEventParser.parse(body, processor.topic());
        } catch (MalformedPushException e) {
            problem(rc, 400, "Malformed push request", e.getMessage(), e.field());
            return;
        }
        if (!admitted(rc, batch)) {
            return;
        }
        List<ObjectNode> outcomes = new ArrayList<>();
        for (Map.Entry<Integer, List<RawRecord>> e : batch.byPartition().entrySet()) {
            int partition = e.getKey();
            Where where = new Where(processor.definition().name(), "push", processor.topic(), partition,
                    e.getValue().get(0).source().offset());
            Attempts.Outcome<BatchOutcome> outcome;
            try {
                outcome = attempts.run(where, () -> true, () -> processor.process(partition, e.getValue()));
            } catch (Attempts.GaveUpException failure) {
                // S3 or Kafka unreachable: not ready until a batch goes through again.
                LOG.debugf(failure, "Pushed batch of %s-%d failed", processor.topic(), partition);
                problem(rc, 503, "Batch not processed", "Processing " + processor.topic() + "-" + partition
                        + " failed: " + failure.getCause().getMessage() + "; retry the delivery", "");
                return;
            }
            if (outcome instanceof Attempts.Outcome.SeekTo<BatchOutcome> seek) {
                problem(rc, 409, "Offsets missing", "Batch of " + processor.topic() + "-" + partition
                        + " starts at offset " + where.offset() + " but the checkpoint's next offset is "
                        + seek.offset() + "; redeliver from " + seek.offset(), "records");
                return;
            }
            outcomes.add(json(((Attempts.Outcome.Done<BatchOutcome>) outcome).value()));
        }
        health.succeeded();
        ObjectNode response = Json.mapper().createObjectNode();
        response.putArray("partitions").addAll(outcomes);
        rc.response().setStatusCode(200).putHeader("Content-Type", "application/json").end(response.toString());
    }

    /** The guard: answers the refusal and returns false if a partition of the batch may not be pushed to. */
    private boolean admitted(RoutingContext rc, PushedBatch batch) {
        String topic = processor.topic();
        try {
            Map<Integer, String> owners = partitions.owners();
            for (int partition : batch.byPartition().keySet()) {
                int count = partitions.count(partition);
                if (partition >= count) {
                    problem(rc, 400, "Unknown partition", "Topic " + topic + " has " + count + " partitions (0 to "
                            + (count - 1) + "); the batch has records of partition " + partition, "records");
                    return false;
                }
                String owner = owners.get(partition);
                if (owner != null) {
                    problem(rc, 409, "Partition read by a pull consumer", "Partition " + topic + "-" + partition
                            + " is read by " + owner + " of consumer group " + groupId + "; a pushed batch would"
                            + " race it (the record the topic later holds at a pushed offset would be skipped as a"
                            + " redelivery). Push to a function whose pull channel is off"
                            + " (MP_MESSAGING_INCOMING_SOURCE_ENABLED=false) while no member of the group runs",
                            "records");
                    return false;
                }
            }
            return true;
        } catch (IllegalStateException e) {
            problem(rc, 503, "Topic not checked", "The partitions of " + topic + " could not be checked against"
                    + " the cluster (" + e.getMessage() + "); nothing was processed, retry the delivery", "");
            return false;
        }
    }

    private static JsonNode parse(Buffer body) {
        if (body == null || body.length() == 0) {
            throw new MalformedPushException("", "the body is empty");
        }
        try {
            return Json.mapper().readTree(body.getBytes());
        } catch (JsonProcessingException e) {
            throw new MalformedPushException("", "the body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new MalformedPushException("", "the body cannot be read: " + e.getMessage());
        }
    }

    private static ObjectNode json(BatchOutcome o) {
        ObjectNode n = Json.mapper().createObjectNode();
        n.put("partition", o.partition());
        n.put("records", o.records());
        n.put("skipped", o.skipped());
        n.put("invalid", o.invalid());
        n.put("late", o.late());
        n.put("duplicates", o.duplicates());
        n.put("finals", o.finals());
        n.put("nextOffset", o.nextOffset());
        return n;
    }

    /** An RFC 9457 problem details body. */
    static void problem(RoutingContext rc, int status, String title, String detail, String field) {
        rc.response().setStatusCode(status).putHeader("Content-Type", Problem.CONTENT_TYPE)
                .end(new Problem(status, title, detail, rc.request().path(), field).toJson().toString());
    }
}
