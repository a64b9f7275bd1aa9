package dev.tandem.bench.flink;

import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.Collector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The micro-batch benchmark's job on Apache Flink, written as a Flink user would: a Kafka source
 * read from the earliest to the latest offsets, per-partition bounded-out-of-orderness watermarks
 * of the lateness (30 s), dedupe by order id in keyed state (TTL of the dedupe horizon, 10 min),
 * 60 s tumbling event-time windows per store, count and exact decimal sum/min/max. Runs on a local
 * MiniCluster at parallelism 2 (the machine's cores) with the heap state backend.
 *
 * <p>Arguments: bootstrap servers, topic, expected records (for the report), output file. Writes
 * one line per (window, store) — {@code windowStartMs|store|count|sum|min|max} — and prints one
 * JSON line: records, seconds from submission to the last result, CPU seconds of this whole
 * process from its start, peak RSS.
 */
public final class FlinkJob {

    private FlinkJob() {
    }

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        String topic = args[1];
        long expected = Long.parseLong(args[2]);
        Path out = Path.of(args[3]);
        int parallelism = args.length > 4 ? Integer.parseInt(args[4]) : Runtime.getRuntime().availableProcessors();

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(parallelism);
        KafkaSource<Order> source = KafkaSource.<Order>builder()
                .setBootstrapServers(bootstrap)
                .setTopics(topic)
                .setGroupId("flink-bench-" + System.nanoTime())
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setBounded(OffsetsInitializer.latest())
                .setValueOnlyDeserializer(new OrderSchema())
                .build();
        WatermarkStrategy<Order> watermarks = WatermarkStrategy.<Order>forBoundedOutOfOrderness(Duration.ofSeconds(30))
                .withTimestampAssigner((o, ts) -> o.timeMs);

        long started = System.nanoTime();
        long windows = 0;
        try (CloseableIterator<String> results = env.fromSource(source, watermarks, "orders")
                .keyBy(o -> o.orderId)
                .process(new FirstSeen())
                .keyBy(o -> o.storeId)
                .window(TumblingEventTimeWindows.of(Duration.ofSeconds(60)))
                .aggregate(new Totals(), new Emit())
                .executeAndCollect("tandem-bench-flink");
                BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            while (results.hasNext()) {
                w.write(results.next());
                w.write('\n');
                windows++;
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        double cpu = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
        System.out.printf("{\"mode\":\"flink\",\"records\":%d,\"seconds\":%.3f,\"cpuSecondsWithStart\":%.2f,"
                + "\"peakRssBytes\":%d,\"windows\":%d,\"parallelism\":%d}%n", expected, seconds, cpu, peakRss(), windows,
                parallelism);
        System.exit(0);
    }

    /** An order as the job needs it; a Flink POJO (public fields, no-argument constructor). */
    public static final class Order {
        public String orderId;
        public String storeId;
        public long timeMs;
        public BigDecimal amount;

        public Order() {
        }
    }

    /** Parses the JSON value once, keeping the amount exact as Tandem does. */
    static final class OrderSchema implements DeserializationSchema<Order> {
        private transient ObjectMapper json;

        @Override
        public Order deserialize(byte[] message) throws IOException {
            if (json == null) {
                json = new ObjectMapper().enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
            }
            JsonNode n = json.readTree(message);
            Order o = new Order();
            o.orderId = n.get("orderId").asText();
            o.storeId = n.get("storeId").asText();
            o.timeMs = Instant.parse(n.get("createdAt").asText()).toEpochMilli();
            o.amount = n.get("amount").decimalValue();
            return o;
        }

        @Override
        public boolean isEndOfStream(Order next) {
            return false;
        }

        @Override
        public TypeInformation<Order> getProducedType() {
            return TypeInformation.of(Order.class);
        }
    }

    /** Passes an order on the first time its id is seen within the dedupe horizon. */
    static final class FirstSeen extends KeyedProcessFunction<String, Order, Order> {
        private transient ValueState<Boolean> seen;

        @Override
        public void open(OpenContext context) {
            ValueStateDescriptor<Boolean> d = new ValueStateDescriptor<>("seen", Types.BOOLEAN);
            d.enableTimeToLive(StateTtlConfig.newBuilder(Duration.ofMinutes(10)).build());
            seen = getRuntimeContext().getState(d);
        }

        @Override
        public void processElement(Order o, Context ctx, Collector<Order> out) throws IOException {
            if (seen.value() == null) {
                seen.update(true);
                out.collect(o);
            }
        }
    }

    /** count, sum, min, max of the amount. */
    public static final class Acc {
        public long count;
        public BigDecimal sum = BigDecimal.ZERO;
        public BigDecimal min;
        public BigDecimal max;

        public Acc() {
        }
    }

    static final class Totals implements AggregateFunction<Order, Acc, Acc> {
        @Override
        public Acc createAccumulator() {
            return new Acc();
        }

        @Override
        public Acc add(Order o, Acc a) {
            a.count++;
            a.sum = a.sum.add(o.amount);
            a.min = a.min == null || o.amount.compareTo(a.min) < 0 ? o.amount : a.min;
            a.max = a.max == null || o.amount.compareTo(a.max) > 0 ? o.amount : a.max;
            return a;
        }

        @Override
        public Acc getResult(Acc a) {
            return a;
        }

        @Override
        public Acc merge(Acc a, Acc b) {
            Acc m = new Acc();
            m.count = a.count + b.count;
            m.sum = a.sum.add(b.sum);
            m.min = a.min == null ? b.min : b.min == null ? a.min : a.min.min(b.min);
            m.max = a.max == null ? b.max : b.max == null ? a.max : a.max.max(b.max);
            return m;
        }
    }

    static final class Emit extends ProcessWindowFunction<Acc, String, String, TimeWindow> {
        @Override
        public void process(String store, Context ctx, Iterable<Acc> totals, Collector<String> out) {
            Acc a = totals.iterator().next();
            out.collect(ctx.window().getStart() + "|" + store + "|" + a.count + "|" + a.sum.toPlainString() + "|"
                    + a.min.toPlainString() + "|" + a.max.toPlainString());
        }
    }

    static long peakRss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException e) {
            // not Linux: unknown
        }
        return -1;
    }
}
