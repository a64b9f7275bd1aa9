package dev.tandem.shared.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Random;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.tandem.shared.testing.Seeds;

class EventTimesTest {

    static Iterable<Long> seeds() {
        return Seeds.list(EventTimesTest.class, 5);
    }

    @ParameterizedTest
    @ValueSource(strings = { "2026-11-25T06:15:05Z", "2026-11-25T06:15:05.1Z", "2026-11-25T06:15:05.123Z",
            "2026-11-25T06:15:05.123456789Z", "2026-11-25T06:15:05.999+01:00", "2026-11-25T06:15:05-05:30",
            "2024-02-29T23:59:59.5-00:00", "1970-01-01T00:00:00Z", "1970-01-01T00:30:00+01:00",
            "2000-12-31T23:59:59.9999999999Z", "2023-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-04-31T00:00:00Z",
            "2026-11-25T24:00:00Z", "2026-11-25T06:60:00Z", "2026-11-25T06:15:60Z", "2026-11-25T06:15:05",
            "2026-11-25T06:15Z", "2026-11-25t06:15:05z", "2026-11-25 06:15:05Z", "2026-11-25T06:15:05.Z",
            "2026-11-25T06:15:05+18:00", "2026-11-25T06:15:05+19:00", "2026-11-25T06:15:05+01:60",
            "2026-11-25T06:15:05+0100", "1969-12-31T23:59:59.999Z", "+12026-11-25T06:15:05Z", "２０２６-11-25T06:15:05Z",
            "2026-11-25T06:15:05ZZ", "", "not a time" })
    void agreesWithTheJdkOnEdgeCases(String text) {
        assertThat(EventTimes.epochMillis(text)).as(text).isEqualTo(jdk(text));
        assertThat(inBuffer(text)).as("%s inside a larger buffer", text).isEqualTo(jdk(text));
    }

    /** The text read where a JSON parser holds it: at an offset in a larger buffer, other text around it. */
    private static Long inBuffer(String text) {
        String around = "\"x\":\"" + text + "\",\"2026-11-25T06:15:05Z";
        return EventTimes.epochMillis(around.toCharArray(), 5, text.length());
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void agreesWithTheJdkOnRandomTimestamps(long seed) {
        Random random = new Random(seed);
        for (int i = 0; i < 20_000; i++) {
            long millis = random.nextLong(0, 8_000_000_000_000L);
            String text = Instant.ofEpochMilli(millis).toString();
            int offsetMinutes = random.nextInt(-18 * 60, 18 * 60 + 1);
            if (random.nextBoolean()) {
                text = Instant.ofEpochMilli(millis).atOffset(java.time.ZoneOffset.ofTotalSeconds(offsetMinutes * 60))
                        .toString();
            }
            if (random.nextInt(10) == 0) {
                // Corrupt one character: the result must still be the JDK's, valid or not.
                char[] chars = text.toCharArray();
                chars[random.nextInt(chars.length)] = "0123456789:-+.TZx".charAt(random.nextInt(17));
                text = new String(chars);
            }
            assertThat(EventTimes.epochMillis(text)).as("seed %d: %s", seed, text).isEqualTo(jdk(text));
            assertThat(inBuffer(text)).as("seed %d: %s inside a larger buffer", seed, text).isEqualTo(jdk(text));
        }
    }

    private static Long jdk(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void formatsInstantsAsTheJdkDoes(long seed) {
        Random random = new Random(seed);
        long[] edges = {0, 1, 999, 1000, 86_399_999, 86_400_000, 951_782_400_000L, 253_402_300_799_999L,
            253_402_300_800_000L, -1, -86_400_001, Long.MAX_VALUE / 1000, Long.MIN_VALUE / 1000};
        for (long ms : edges) {
            assertThat(EventTimes.format(ms)).as("%d ms", ms).isEqualTo(Instant.ofEpochMilli(ms).toString());
        }
        for (int i = 0; i < 20_000; i++) {
            long ms = switch (i % 3) {
                case 0 -> random.nextLong(253_402_300_800_000L);
                case 1 -> 1_700_000_000_000L + random.nextLong(100_000_000_000L) / 1000 * 1000;
                default -> random.nextLong(Long.MIN_VALUE / 1000, Long.MAX_VALUE / 1000);
            };
            assertThat(EventTimes.format(ms)).as("%d ms", ms).isEqualTo(Instant.ofEpochMilli(ms).toString());
        }
    }
}
