package dev.tandem.engine.batch;

import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.tandem.shared.storage.PartialKey;
import dev.tandem.shared.record.Json;
import dev.tandem.shared.storage.ResultRecord;
import dev.tandem.shared.storage.ResultStatus;

/**
 * The outcome of comparing batch and micro-batch values of a range.
 *
 * @param windows             complete (window, group) values of the batch run
 * @param batchPartials       partials the batch computed
 * @param microBatchPartials  FINAL (or CORRECTED) partials read from the results topic
 * @param matching            partials equal on both sides
 * @param differing           partials whose values differ, each with its correction
 * @param missingInMicroBatch partials only the batch has (window not closed yet, or results lost)
 * @param missingInBatch      partials only the micro-batch has (segments gone, or outside the cut)
 */
public record ReconcileReport(int windows, int batchPartials, int microBatchPartials, int matching,
        List<Difference> differing, List<Missing> missingInMicroBatch, List<Missing> missingInBatch) {

    /**
     * One partial whose values differ.
     *
     * @param key         window, group, source partition
     * @param microBatch  the micro-batch's values
     * @param batch       the batch's values
     * @param microStatus FINAL, or CORRECTED by an earlier reconcile
     * @param explained   the batch folded records the micro-batch value does not hold (late data)
     * @param lateRecords late records the batch folded into it
     * @param segments    the segments holding the records that make the difference
     * @param correction  the CORRECTED result to publish
     */
    public record Difference(PartialKey key, ObjectNode microBatch, ObjectNode batch, ResultStatus microStatus,
            boolean explained, int lateRecords, List<String> segments, ResultRecord correction) {
    }

    /**
     * A partial on one side only.
     *
     * @param key    window, group, source partition
     * @param values its values on the side that has it
     */
    public record Missing(PartialKey key, ObjectNode values) {
    }

    public long unexplained() {
        return differing.stream().filter(d -> !d.explained()).count();
    }

    /** The summary runStatus and the HTTP answer show. */
    public ObjectNode summary() {
        ObjectNode o = Json.mapper().createObjectNode();
        o.put("windows", windows);
        o.put("batchPartials", batchPartials);
        o.put("microBatchPartials", microBatchPartials);
        o.put("matching", matching);
        o.put("differing", differing.size());
        o.put("explained", differing.size() - unexplained());
        o.put("unexplained", unexplained());
        o.put("corrected", differing.size());
        o.put("missingInMicroBatch", missingInMicroBatch.size());
        o.put("missingInBatch", missingInBatch.size());
        return o;
    }

    /** The whole report, as written to S3. */
    public ObjectNode toJson() {
        ObjectNode o = summary();
        ArrayNode diffs = o.putArray("differences");
        for (Difference d : differing) {
            ObjectNode n = key(diffs.addObject(), d.key());
            n.put("explained", d.explained());
            n.put("lateRecords", d.lateRecords());
            n.put("microBatchStatus", d.microStatus() == null ? "NONE" : d.microStatus().name());
            n.set("microBatch", d.microBatch());
            n.set("batch", d.batch());
            n.putArray("segments").addAll(d.segments().stream().map(o::textNode).toList());
        }
        ArrayNode onlyBatch = o.putArray("onlyInBatch");
        missingInMicroBatch.forEach(m -> key(onlyBatch.addObject(), m.key()).set("values", m.values()));
        ArrayNode onlyMicro = o.putArray("onlyInMicroBatch");
        missingInBatch.forEach(m -> key(onlyMicro.addObject(), m.key()).set("values", m.values()));
        return o;
    }

    private static ObjectNode key(ObjectNode n, PartialKey k) {
        n.put("windowStart", k.window().start().toString());
        n.put("windowEnd", k.window().end().toString());
        ArrayNode g = n.putArray("group");
        k.group().values().forEach(g::add);
        n.put("partition", k.partition());
        return n;
    }
}
