package dev.tandem.shared.lineage;

import java.net.URI;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tandem.shared.schema.SchemaVersion;
import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineage.RunEvent;

/** Turns a {@link LineageRun} into an OpenLineage {@link RunEvent}. */
public final class LineageEvents {

    /** Identifies Tandem as the producer of its events. */
    public static final URI PRODUCER = URI.create("https://github.com/tandem-data/tandem");

    private static final OpenLineage OL = new OpenLineage(PRODUCER);

    private LineageEvents() {
    }

    public static RunEvent toRunEvent(LineageRun run) {
        OpenLineage.RunFacetsBuilder runFacets = OL.newRunFacetsBuilder();
        run.parent().ifPresent(p -> runFacets.parent(OL.newParentRunFacet(OL.newParentRunFacetRun(p.runId()),
                OL.newParentRunFacetJob(p.namespace(), p.job()), null)));
        run.error().ifPresent(e -> runFacets.errorMessage(OL.newErrorMessageRunFacet(e, "Java", null)));

        List<OpenLineage.InputDataset> inputs = new ArrayList<>();
        for (KafkaInput k : run.kafkaInputs()) {
            OpenLineage.DatasetFacetsBuilder facets = OL.newDatasetFacetsBuilder();
            run.schema().ifPresent(s -> facets.schema(schemaFacet(s)));
            OpenLineage.InputDatasetInputFacetsBuilder inputFacets = OL.newInputDatasetInputFacetsBuilder()
                    .dataQualityMetrics(OL.newDataQualityMetricsInputDatasetFacet(k.quality().valid(), null, null, null,
                            null))
                    .put("tandem_quality", quality(k.quality()))
                    .put("tandem_offsets", offsets(k));
            inputs.add(OL.newInputDataset("kafka://" + k.bootstrap(), k.topic(), facets.build(), inputFacets.build()));
        }
        for (ObjectDataset o : run.objectInputs()) {
            OpenLineage.DatasetFacetsBuilder facets = OL.newDatasetFacetsBuilder().put("tandem_objects", objects(o));
            run.schema().ifPresent(s -> facets.schema(schemaFacet(s)));
            inputs.add(OL.newInputDataset("s3://" + o.bucket(), o.prefix(), facets.build(),
                    OL.newInputDatasetInputFacetsBuilder()
                            .dataQualityMetrics(OL.newDataQualityMetricsInputDatasetFacet(o.rows(), o.bytes(), null,
                                    null, null))
                            .build()));
        }
        List<OpenLineage.OutputDataset> outputs = new ArrayList<>();
        for (ObjectDataset o : run.outputs()) {
            outputs.add(OL.newOutputDataset("s3://" + o.bucket(), o.prefix(),
                    OL.newDatasetFacetsBuilder().put("tandem_objects", objects(o)).build(),
                    OL.newOutputDatasetOutputFacetsBuilder()
                            .outputStatistics(OL.newOutputStatisticsOutputDatasetFacet(o.rows(), o.bytes(),
                                    (long) o.keys().size()))
                            .build()));
        }
        return OL.newRunEventBuilder()
                .eventType(RunEvent.EventType.valueOf(run.type().name()))
                .eventTime(run.time().atZone(ZoneOffset.UTC))
                .run(OL.newRun(run.runId(), runFacets.build()))
                .job(OL.newJob(run.namespace(), run.job(), null))
                .inputs(inputs)
                .outputs(outputs)
                .build();
    }

    static OpenLineage.SchemaDatasetFacet schemaFacet(SchemaVersion schema) {
        return OL.newSchemaDatasetFacet(fields(schema.document()));
    }

    private static List<OpenLineage.SchemaDatasetFacetFields> fields(JsonNode objectSchema) {
        List<OpenLineage.SchemaDatasetFacetFields> out = new ArrayList<>();
        objectSchema.path("properties").fields().forEachRemaining(e -> {
            JsonNode p = e.getValue();
            String type = p.path("type").isTextual() ? p.path("type").asText() : p.path("type").toString();
            List<OpenLineage.SchemaDatasetFacetFields> nested = p.has("properties") ? fields(p) : null;
            out.add(OL.newSchemaDatasetFacetFields(e.getKey(), type, p.path("description").asText(null), nested));
        });
        return out;
    }

    private static OpenLineage.InputDatasetFacet quality(QualityCounts q) {
        OpenLineage.InputDatasetFacet f = OL.newInputDatasetFacet();
        f.getAdditionalProperties().put("valid", q.valid());
        f.getAdditionalProperties().put("invalid", q.invalid());
        f.getAdditionalProperties().put("late", q.late());
        f.getAdditionalProperties().put("duplicates", q.duplicates());
        return f;
    }

    private static OpenLineage.InputDatasetFacet offsets(KafkaInput k) {
        OpenLineage.InputDatasetFacet f = OL.newInputDatasetFacet();
        Map<String, Map<String, Long>> partitions = new TreeMap<>();
        k.offsets().forEach((p, r) -> partitions.put(Integer.toString(p), Map.of("first", r.first(), "last", r.last())));
        f.getAdditionalProperties().put("partitions", partitions);
        return f;
    }

    private static OpenLineage.DatasetFacet objects(ObjectDataset o) {
        OpenLineage.DatasetFacet f = OL.newDatasetFacet();
        f.getAdditionalProperties().put("keys", o.keys());
        return f;
    }
}
