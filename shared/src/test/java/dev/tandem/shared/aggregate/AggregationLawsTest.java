package dev.tandem.shared.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.params.ParameterizedTest;
import dev.tandem.shared.testing.Seeds;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The laws that make micro-batch and batch agree: for any split of the events into parts and
 * any order of folding and merging, the state is byte-identical to folding everything at once;
 * writing and reading a state is the identity. Seeded and randomized: a failure names its seed,
 * and re-running with that seed reproduces it.
 */
class AggregationLawsTest {

    static final Aggregation AGGREGATION = Aggregation.of(List.of(
            AggregateSpec.count("orders"),
            AggregateSpec.of("revenue", AggregateFunction.SUM, "amount"),
            AggregateSpec.of("smallest", AggregateFunction.MIN, "amount"),
            AggregateSpec.of("largest", AggregateFunction.MAX, "amount"),
            AggregateSpec.of("mean", AggregateFunction.AVG, "amount"),
            AggregateSpec.of("customers", AggregateFunction.DISTINCT, "customer"),
            AggregateSpec.quantiles("amounts", "amount", List.of(0.5, 0.9, 0.99))));

    static List<Long> seeds() {
        return Seeds.list(AggregationLawsTest.class, 40);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void anySplitAndMergeOrderGivesTheBytesOfOneFold(long seed) {
        Random random = new Random(seed);
        int events = random.nextInt(12_001);
        int parts = 1 + random.nextInt(9);
        List<JsonNode> payloads = events(random, events);

        AggregateRow whole = AGGREGATION.newRow();
        payloads.forEach(p -> AGGREGATION.add(whole, p));

        List<JsonNode> shuffled = new ArrayList<>(payloads);
        Collections.shuffle(shuffled, random);
        List<AggregateRow> rows = new ArrayList<>();
        for (int i = 0; i < parts; i++) {
            rows.add(AGGREGATION.newRow());
        }
        shuffled.forEach(p -> AGGREGATION.add(rows.get(random.nextInt(parts)), p));
        Collections.shuffle(rows, random);
        // Merge as a random tree, not only left to right.
        while (rows.size() > 1) {
            AggregateRow a = rows.remove(random.nextInt(rows.size()));
            AggregateRow b = rows.remove(random.nextInt(rows.size()));
            a.merge(b);
            rows.add(a);
        }
        assertThat(rows.get(0).toBytes()).isEqualTo(whole.toBytes());
        assertThat(rows.get(0).values()).isEqualTo(whole.values());
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void writeThenReadIsTheIdentity(long seed) throws IOException {
        Random random = new Random(seed);
        int events = random.nextInt(6_001);
        AggregateRow row = AGGREGATION.newRow();
        events(random, events).forEach(p -> AGGREGATION.add(row, p));
        byte[] bytes = row.toBytes();

        AggregateRow restored = AGGREGATION.readRow(new DataInputStream(new ByteArrayInputStream(bytes)));

        assertThat(restored.toBytes()).isEqualTo(bytes);
        assertThat(restored.values()).isEqualTo(row.values());
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void mergingWithAnEmptyRowChangesNothing(long seed) {
        Random random = new Random(seed);
        int events = random.nextInt(3_001);
        AggregateRow row = AGGREGATION.newRow();
        events(random, events).forEach(p -> AGGREGATION.add(row, p));
        byte[] before = row.toBytes();
        row.merge(AGGREGATION.newRow());
        assertThat(row.toBytes()).isEqualTo(before);
        AggregateRow empty = AGGREGATION.newRow();
        empty.merge(row);
        assertThat(empty.toBytes()).isEqualTo(before);
    }

    static List<JsonNode> events(Random random, int n) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        int customers = 1 + random.nextInt(20000);
        List<JsonNode> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ObjectNode o = json.objectNode();
            int kind = random.nextInt(20);
            if (kind == 0) {
                o.putNull("amount");
            } else if (kind != 1) {
                // Mixed scales, negatives, zeros and equal values written differently (1.5 vs 1.50).
                BigDecimal amount = BigDecimal.valueOf(random.nextInt(200_000) - 20_000, random.nextInt(4));
                o.put("amount", amount);
            }
            o.put("customer", "c" + random.nextInt(customers));
            out.add(o);
        }
        return out;
    }
}
