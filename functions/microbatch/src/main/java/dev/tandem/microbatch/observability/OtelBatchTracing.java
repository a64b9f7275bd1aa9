package dev.tandem.microbatch.observability;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.tandem.engine.microbatch.BatchTracing;
import dev.tandem.engine.microbatch.Step;
import dev.tandem.shared.definition.PipelineDefinition;
import dev.tandem.shared.record.RawRecord;
import dev.tandem.shared.decode.RecordDecoder;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;

/**
 * One CONSUMER span per micro-batch, named {@code <topic> process}, linked to the span context
 * each record's producer sent in its W3C {@code traceparent} header (at most
 * {@code tandem.microbatch.max-span-links} links, duplicates dropped), with OpenTelemetry
 * messaging attributes and one child span per step.
 */
@ApplicationScoped
public class OtelBatchTracing implements BatchTracing {

    static final AttributeKey<Long> BATCH_COUNT = AttributeKey.longKey("messaging.batch.message_count");
    static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("messaging.system");
    static final AttributeKey<String> OPERATION = AttributeKey.stringKey("messaging.operation.type");
    static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
    static final AttributeKey<String> PARTITION = AttributeKey.stringKey("messaging.destination.partition.id");
    static final AttributeKey<String> GROUP = AttributeKey.stringKey("messaging.consumer.group.name");
    static final AttributeKey<Long> FIRST_OFFSET = AttributeKey.longKey("messaging.kafka.offset");
    static final AttributeKey<Long> LINKS_DROPPED = AttributeKey.longKey("tandem.links.dropped");
    static final AttributeKey<String> PIPELINE = AttributeKey.stringKey("tandem.pipeline");

    private static final TextMapGetter<RawRecord> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(RawRecord r) {
            return r.headers().stream().map(h -> h.key()).toList();
        }

        @Override
        public String get(RawRecord r, String key) {
            return r == null ? null : r.header(key).orElse(null);
        }
    };

    private final Tracer tracer;
    private final String topic;
    private final String pipeline;
    private final String group;
    private final int maxLinks;

    OtelBatchTracing(Tracer tracer, PipelineDefinition definition,
            @ConfigProperty(name = "mp.messaging.incoming.source.group.id") String group,
            @ConfigProperty(name = "tandem.microbatch.max-span-links", defaultValue = "128") int maxLinks) {
        this.tracer = tracer;
        this.topic = definition.source().topic();
        this.pipeline = definition.name();
        this.group = group;
        this.maxLinks = maxLinks;
    }

    @Override
    public BatchSpan start(int partition, List<RawRecord> records) {
        SpanBuilder builder = tracer.spanBuilder(topic + " process")
                .setSpanKind(SpanKind.CONSUMER)
                .setNoParent()
                .setAttribute(SYSTEM, "kafka")
                .setAttribute(OPERATION, "process")
                .setAttribute(DESTINATION, topic)
                .setAttribute(PARTITION, Integer.toString(partition))
                .setAttribute(GROUP, group)
                .setAttribute(PIPELINE, pipeline)
                .setAttribute(BATCH_COUNT, (long) records.size());
        if (!records.isEmpty()) {
            builder.setAttribute(FIRST_OFFSET, records.get(0).source().offset());
        }
        Set<String> linked = new HashSet<>();
        long dropped = 0;
        for (RawRecord r : records) {
            if (r.header(RecordDecoder.TRACEPARENT).isEmpty()) {
                continue;
            }
            SpanContext producer = Span.fromContext(W3CTraceContextPropagator.getInstance()
                    .extract(Context.root(), r, HEADERS)).getSpanContext();
            if (!producer.isValid() || !linked.add(producer.getTraceId() + producer.getSpanId())) {
                continue;
            }
            if (linked.size() > maxLinks) {
                dropped++;
                continue;
            }
            builder.addLink(producer);
        }
        if (dropped > 0) {
            builder.setAttribute(LINKS_DROPPED, dropped);
        }
        Span span = builder.startSpan();
        return new OtelBatchSpan(span);
    }

    private final class OtelBatchSpan implements BatchSpan {
        private final Span span;

        OtelBatchSpan(Span span) {
            this.span = span;
        }

        @Override
        public Scope step(Step step) {
            Span child = tracer.spanBuilder(step.spanName()).setParent(Context.root().with(span)).startSpan();
            return child::end;
        }

        @Override
        public String traceId() {
            return span.getSpanContext().isValid() ? span.getSpanContext().getTraceId() : "";
        }

        @Override
        public String traceparent() {
            var c = span.getSpanContext();
            return c.isValid() ? "00-" + c.getTraceId() + "-" + c.getSpanId() + "-" + c.getTraceFlags().asHex() : "";
        }

        @Override
        public void attribute(String key, long value) {
            span.setAttribute(key, value);
        }

        @Override
        public void end(Throwable failure) {
            if (failure != null) {
                span.recordException(failure);
                span.setStatus(StatusCode.ERROR, failure.getMessage() == null ? "" : failure.getMessage());
            }
            span.end();
        }
    }
}
