package dev.tandem.shared.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

class GroupKeysTest {

    private static final List<FieldPath> ONE = List.of(FieldPath.parse("store"));
    private static final List<FieldPath> TWO = List.of(FieldPath.parse("store"), FieldPath.parse("region.code"));

    @Test
    void shouldGiveTheKeyGroupKeyOfGivesAndTheSameOneForTheSameValues() throws Exception {
        Random random = new Random(12);
        for (List<FieldPath> fields : List.of(ONE, TWO, List.<FieldPath>of())) {
            GroupKeys keys = new GroupKeys(fields);
            for (int i = 0; i < 5_000; i++) {
                JsonNode payload = payload(random);
                GroupKey key = keys.of(payload);
                assertThat(key).as("%s", payload).isEqualTo(GroupKey.of(fields, payload));
                assertThat(key.toString()).isEqualTo(GroupKey.of(fields, payload).toString());
                assertThat(keys.of(payload.deepCopy())).as("the same values, another payload").isSameAs(key);
            }
        }
    }

    @Test
    void shouldStillGiveEqualKeysPastTheKeysItKeepsAndFromManyThreads() {
        GroupKeys keys = new GroupKeys(ONE);
        int n = GroupKeys.MAX_KEYS + 5_000;
        List<GroupKey> made = IntStream.range(0, n).parallel()
                .mapToObj(i -> keys.of(Json.mapper().createObjectNode().put("store", "s-" + i))).toList();
        assertThat(keys.size()).isEqualTo(GroupKeys.MAX_KEYS);
        for (int i = 0; i < n; i += 97) {
            assertThat(made.get(i)).isEqualTo(GroupKey.of(List.of("s-" + i)));
            assertThat(keys.of(Json.mapper().createObjectNode().put("store", "s-" + i)))
                    .isEqualTo(GroupKey.of(List.of("s-" + i)));
        }
    }

    /** Stores as text, numbers, null, missing or objects; a region code sometimes the same text as a number. */
    private static JsonNode payload(Random random) {
        ObjectNode p = Json.mapper().createObjectNode();
        switch (random.nextInt(6)) {
            case 0 -> p.put("store", random.nextInt(20));
            case 1 -> p.put("store", String.valueOf(random.nextInt(20)));
            case 2 -> p.putNull("store");
            case 3 -> { }
            case 4 -> p.putObject("store").put("id", random.nextInt(3));
            default -> p.put("store", "st\u00f6re \"" + random.nextInt(20) + "\"");
        }
        if (random.nextBoolean()) {
            p.putObject("region").put("code", random.nextBoolean() ? "7" : "eu-" + random.nextInt(3));
        } else if (random.nextBoolean()) {
            p.putObject("region").put("code", 7);
        }
        return p;
    }
}
