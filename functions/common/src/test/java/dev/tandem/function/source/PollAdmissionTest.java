package dev.tandem.function.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.tandem.shared.record.RawRecord;
import dev.tandem.shared.record.SourceCoordinates;

class PollAdmissionTest {

    private static List<RawRecord> records(int partition, long... offsets) {
        List<RawRecord> out = new ArrayList<>();
        for (long o : offsets) {
            out.add(new RawRecord(new SourceCoordinates("orders", partition, o), 0, null, new byte[] {'{', '}'},
                    List.of()));
        }
        return out;
    }

    private static Map<Integer, List<RawRecord>> poll() {
        Map<Integer, List<RawRecord>> byPartition = new TreeMap<>();
        byPartition.put(0, records(0, 10, 11));
        byPartition.put(1, records(1, 20));
        byPartition.put(2, records(2, 30));
        return byPartition;
    }

    @Test
    void admitsAPollWhosePartitionsWereNeitherRevokedNorSoughtSinceItWasFetched() {
        PollAdmission admission = new PollAdmission();
        Map<Integer, Long> stamp = admission.stamp(List.of(0, 1, 2));
        Map<Integer, List<RawRecord>> handed = new TreeMap<>();

        assertThat(admission.admit(stamp, poll(), handed::put)).containsExactly(0, 1, 2);
        assertThat(handed.get(0)).extracting(r -> r.source().offset()).containsExactly(10L, 11L);
        assertThat(handed.get(2)).extracting(r -> r.source().offset()).containsExactly(30L);
    }

    @Test
    void dropsTheRecordsOfAPartitionSoughtOrRevokedAfterThePollAndAdmitsThoseFetchedAfter() {
        PollAdmission admission = new PollAdmission();
        Map<Integer, Long> before = admission.stamp(List.of(0, 1, 2));
        admission.advance(List.of(1));
        admission.advance(List.of(2));
        admission.advance(List.of(2));
        Map<Integer, List<RawRecord>> handed = new TreeMap<>();

        assertThat(admission.admit(before, poll(), handed::put)).containsExactly(0);
        assertThat(handed).containsOnlyKeys(0);

        Map<Integer, Long> after = admission.stamp(List.of(0, 1, 2));
        handed.clear();
        assertThat(admission.admit(after, poll(), handed::put)).containsExactly(0, 1, 2);
        assertThat(admission.admit(Map.of(0, after.get(0)), poll(), (p, r) -> { })).as("an unstamped partition is not admitted")
                .containsExactly(0);
    }

    @Test
    void aSeekWaitsForRecordsBeingAdmittedSoNoneSlipsInAfterIt() throws Exception {
        PollAdmission admission = new PollAdmission();
        Map<Integer, Long> stamp = admission.stamp(List.of(0, 1, 2));
        CountDownLatch inSink = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread admitting = new Thread(() -> admission.admit(stamp, poll(), (p, r) -> {
            inSink.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        admitting.start();
        assertThat(inSink.await(10, TimeUnit.SECONDS)).isTrue();
        CountDownLatch advanced = new CountDownLatch(1);
        Thread seeking = new Thread(() -> {
            admission.advance(List.of(0));
            advanced.countDown();
        });
        seeking.start();

        assertThat(advanced.await(300, TimeUnit.MILLISECONDS)).as("the seek waits while records go to the assembler")
                .isFalse();
        release.countDown();
        assertThat(advanced.await(10, TimeUnit.SECONDS)).isTrue();
        admitting.join();
        assertThat(admission.admit(stamp, poll(), (p, r) -> { })).containsExactly(1, 2);
    }
}
