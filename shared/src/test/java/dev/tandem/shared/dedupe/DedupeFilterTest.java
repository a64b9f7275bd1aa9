package dev.tandem.shared.dedupe;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.tandem.shared.testing.Seeds;

class DedupeFilterTest {

    static List<Long> seeds() {
        return Seeds.list(DedupeFilterTest.class, 25);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void shouldNeverCountAnIdTwiceWithinTheHorizon(long seed) {
        Random random = new Random(seed);
        long horizon = 60_000;
        DedupeFilter filter = DedupeFilter.of(Duration.ofMillis(horizon));
        Map<String, Long> accepted = new HashMap<>();
        long watermark = Long.MIN_VALUE;
        long max = Long.MIN_VALUE;
        for (int i = 0; i < 20_000; i++) {
            String id = "e" + random.nextInt(3_000);
            long t = 1_000_000 + i * 50L + random.nextInt(20_000) - 10_000;
            boolean first = filter.firstSeen(id, t, watermark);
            Long previous = accepted.get(id);
            if (previous != null && previous >= watermark - horizon) {
                assertThat(first).as("id %s seen at %d, within the horizon of watermark %d", id, previous, watermark)
                        .isFalse();
            }
            if (first) {
                accepted.put(id, t);
            }
            max = Math.max(max, t);
            watermark = max - 5_000;
            if (i % 97 == 0) {
                filter.forgetBefore(watermark);
            }
        }
        filter.forgetBefore(watermark);
        assertThat(filter.size()).as("state bounded by the horizon").isLessThanOrEqualTo(3_000);
    }

    @Test
    void shouldTellApartIdsThatDifferOnlyInUnpairedSurrogates() {
        // JSON "a\ud800b" and "a\udbffb" parse to ids UTF-8 cannot carry: both would encode as "a?b".
        DedupeFilter filter = DedupeFilter.of(Duration.ofSeconds(10));
        assertThat(filter.firstSeen("a\ud800b", 1_000, Long.MIN_VALUE)).isTrue();
        assertThat(filter.firstSeen("a\udbffb", 1_000, Long.MIN_VALUE)).as("another event").isTrue();
        assertThat(filter.firstSeen("a?b", 1_000, Long.MIN_VALUE)).as("and another").isTrue();
        assertThat(filter.firstSeen("a\ud800b", 1_000, Long.MIN_VALUE)).as("the first one again").isFalse();
        assertThat(filter.firstSeen("x\ud83d\ude00", 1_000, Long.MIN_VALUE)).isTrue();
        assertThat(filter.firstSeen("x\ud83d\ude00", 1_000, Long.MIN_VALUE)).isFalse();
        // A well-formed id is digested from its UTF-8 as before: checkpoints written earlier still match.
        assertThat(IdDigest.bytesOf("o-1001 \u00e9\ud83d\ude00"))
                .isEqualTo("o-1001 \u00e9\ud83d\ude00".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(IdDigest.bytesOf("a\ud800")).startsWith((byte) 0xFF).hasSize(5);
        assertThat(IdDigest.bytesOf("\ude00a")).startsWith((byte) 0xFF);
    }

    @Test
    void shouldDigestEveryIdAsTheFirstHalfOfTheSha256OfItsBytes() throws Exception {
        // The contract checkpoints hold: whatever way the bytes reach the digest, ASCII or not, short or long.
        IdDigest digest = new IdDigest();
        java.util.Random random = new java.util.Random(5);
        List<String> ids = new java.util.ArrayList<>(List.of("", "o-1", "o-1001 \u00e9\ud83d\ude00", "a\ud800", "\u007f\u0080",
                "x".repeat(64), "y".repeat(65), "z".repeat(1024) + "\u00e9"));
        for (int i = 0; i < 500; i++) {
            StringBuilder id = new StringBuilder();
            int n = random.nextInt(i < 250 ? 40 : 300);
            for (int j = 0; j < n; j++) {
                id.append(random.nextInt(10) == 0 ? (char) random.nextInt(0x80, 0x3000) : (char) random.nextInt(0x20, 0x7f));
            }
            ids.add(id.toString());
        }
        for (String id : ids) {
            byte[] sha = java.security.MessageDigest.getInstance("SHA-256").digest(IdDigest.bytesOf(id));
            digest.of(id);
            assertThat(new long[] {digest.hi, digest.lo}).as(id).containsExactly(
                    java.nio.ByteBuffer.wrap(sha).getLong(0), java.nio.ByteBuffer.wrap(sha).getLong(8));
        }
    }

    @Test
    void shouldForgetIdsBehindTheHorizonAndCountThemAgain() {
        DedupeFilter filter = DedupeFilter.of(Duration.ofSeconds(10));
        assertThat(filter.firstSeen("a", 1_000, Long.MIN_VALUE)).isTrue();
        assertThat(filter.firstSeen("a", 1_000, 5_000)).isFalse();
        assertThat(filter.firstSeen("a", 1_000, 11_000)).as("exactly at the horizon: still remembered").isFalse();
        assertThat(filter.firstSeen("a", 1_000, 11_001)).as("beyond the horizon").isTrue();
        filter.forgetBefore(30_000);
        assertThat(filter.size()).isZero();
    }

    @Test
    void shouldWriteTheSameHistoryAsTheSameBytesAndRestoreThem() throws IOException {
        DedupeFilter a = DedupeFilter.of(Duration.ofMinutes(1));
        DedupeFilter b = DedupeFilter.of(Duration.ofMinutes(1));
        for (DedupeFilter f : List.of(a, b)) {
            f.firstSeen("x", 5, 0);
            f.firstSeen("y", 3, 0);
            f.firstSeen("z", 3, 0);
        }
        assertThat(bytes(a)).isEqualTo(bytes(b));
        DedupeFilter restored = DedupeFilter.readFrom(new DataInputStream(new ByteArrayInputStream(bytes(a))),
                Duration.ofMinutes(1));
        assertThat(bytes(restored)).isEqualTo(bytes(a));
        assertThat(restored.firstSeen("y", 3, 0)).isFalse();
    }

    @Test
    void shouldRememberManyIdsOfAnyLengthAcrossGrowthAndRestore() throws IOException {
        DedupeFilter filter = DedupeFilter.of(Duration.ofHours(1));
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 50_000; i++) {
            ids.add(i % 1000 == 0 ? "é-" + "x".repeat(1000) + i : "order-" + i);
        }
        for (int i = 0; i < ids.size(); i++) {
            assertThat(filter.firstSeen(ids.get(i), i, 0)).as("first sight of %s", ids.get(i)).isTrue();
        }
        DedupeFilter restored = DedupeFilter.readFrom(new DataInputStream(new ByteArrayInputStream(bytes(filter))),
                Duration.ofHours(1));
        assertThat(restored.size()).isEqualTo(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            assertThat(filter.firstSeen(ids.get(i), i, 0)).isFalse();
            assertThat(restored.firstSeen(ids.get(i), i, 0)).isFalse();
        }
        assertThat(restored.firstSeen("order-50000", 1, 0)).isTrue();
    }

    @Test
    void shouldWriteOnlyRememberedIdsWhetherOrNotForgottenOnesWereSweptYet() throws IOException {
        // Forgetting 1 s of a 60 s horizon does not sweep the table; the snapshot must not show it.
        DedupeFilter lazy = DedupeFilter.of(Duration.ofSeconds(60));
        DedupeFilter fresh = DedupeFilter.of(Duration.ofSeconds(60));
        for (int i = 0; i < 2_000; i++) {
            lazy.firstSeen("e" + i, i, Long.MIN_VALUE);
            if (i >= 1_000) {
                fresh.firstSeen("e" + i, i, Long.MIN_VALUE);
            }
        }
        lazy.forgetBefore(61_000);
        assertThat(lazy.size()).isEqualTo(1_000);
        assertThat(bytes(lazy)).isEqualTo(bytes(fresh));
        assertThat(lazy.firstSeen("e5", 70_000, 61_000)).as("forgotten, so seen anew").isTrue();
        assertThat(lazy.firstSeen("e1500", 1_500, 61_000)).isFalse();
    }

    @Test
    void shouldCarryTheIdsOfADeltaToAnotherFilter() throws IOException {
        DedupeFilter a = DedupeFilter.of(Duration.ofMinutes(1));
        DedupeFilter b = DedupeFilter.of(Duration.ofMinutes(1));
        a.firstSeen("x", 5, 0);
        a.markClean();
        b.firstSeen("x", 5, 0);
        a.firstSeen("y", 7, 0);
        a.firstSeen("z", 6, 0);
        ByteArrayOutputStream delta = new ByteArrayOutputStream();
        a.writeAddedTo(new DataOutputStream(delta));
        b.applyAdded(new DataInputStream(new ByteArrayInputStream(delta.toByteArray())));
        assertThat(bytes(b)).isEqualTo(bytes(a));
        assertThat(b.firstSeen("z", 6, 0)).isFalse();
    }

    static byte[] bytes(DedupeFilter f) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        f.writeTo(new DataOutputStream(out));
        return out.toByteArray();
    }

    @Test
    void heldCountsWhatMemoryHoldsUntilASweepRemovesTheForgotten() {
        DedupeFilter filter = DedupeFilter.of(Duration.ofSeconds(80));
        for (int i = 0; i < 100; i++) {
            filter.firstSeen("id-" + i, i * 1_000L, Long.MIN_VALUE);
        }
        assertThat(filter.held()).isEqualTo(100).isEqualTo(filter.size());
        // 5 s forgotten: less than an eighth of the horizon, so no sweep yet.
        filter.forgetBefore(85_000);
        assertThat(filter.size()).isEqualTo(95);
        assertThat(filter.held()).isEqualTo(100);
        // 20 s forgotten: the sweep runs, and memory holds only what is remembered.
        filter.forgetBefore(100_000);
        assertThat(filter.held()).isEqualTo(filter.size()).isEqualTo(80);
    }
}
