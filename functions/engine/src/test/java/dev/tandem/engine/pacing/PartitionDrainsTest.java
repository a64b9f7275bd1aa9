package dev.tandem.engine.pacing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class PartitionDrainsTest {

    @Test
    void shouldNeverDrainOnePartitionTwiceAtOnceAndRunADrainAfterEveryRequest() throws Exception {
        int partitions = 3;
        AtomicInteger[] running = new AtomicInteger[partitions];
        AtomicLong[] requested = new AtomicLong[partitions];
        AtomicLong[] seenByDrain = new AtomicLong[partitions];
        AtomicBoolean overlapped = new AtomicBoolean();
        for (int p = 0; p < partitions; p++) {
            running[p] = new AtomicInteger();
            requested[p] = new AtomicLong();
            seenByDrain[p] = new AtomicLong();
        }
        try (PartitionDrains drains = new PartitionDrains(2, p -> {
            if (running[p].incrementAndGet() != 1) {
                overlapped.set(true);
            }
            // A drain takes whatever was asked for before it began.
            seenByDrain[p].set(requested[p].get());
            Thread.onSpinWait();
            running[p].decrementAndGet();
        }, "test-drain")) {
            ExecutorService askers = Executors.newFixedThreadPool(4);
            for (int t = 0; t < 4; t++) {
                int thread = t;
                askers.execute(() -> {
                    for (int i = 0; i < 5_000; i++) {
                        int p = (i + thread) % partitions;
                        requested[p].incrementAndGet();
                        drains.request(List.of(p));
                    }
                });
            }
            askers.shutdown();
            assertThat(askers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
            awaitIdle(drains);
        }
        assertThat(overlapped).isFalse();
        for (int p = 0; p < partitions; p++) {
            // The last request of each partition was followed by a drain that saw it.
            assertThat(seenByDrain[p].get()).isEqualTo(requested[p].get());
        }
    }

    @Test
    void shouldDrainDifferentPartitionsAtOnce() throws Exception {
        CyclicBarrier both = new CyclicBarrier(2);
        Set<Integer> met = ConcurrentHashMap.newKeySet();
        try (PartitionDrains drains = new PartitionDrains(2, p -> {
            try {
                // Passes only if the other partition's drain runs meanwhile.
                both.await(10, TimeUnit.SECONDS);
                met.add(p);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "test-drain")) {
            drains.request(List.of(0, 1));
            awaitIdle(drains);
            drains.awaitRoom(p -> false);
        }
        assertThat(met).containsExactlyInAnyOrder(0, 1);
    }

    @Test
    void shouldHoldTheTriggerBackWhileEveryThreadIsBusy() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (PartitionDrains drains = new PartitionDrains(2, p -> await(release), "test-drain")) {
            drains.request(List.of(0, 1));
            CountDownLatch returned = new CountDownLatch(1);
            Thread trigger = new Thread(() -> {
                drains.awaitRoom(p -> false);
                returned.countDown();
            });
            trigger.start();
            assertThat(returned.await(200, TimeUnit.MILLISECONDS)).isFalse();
            release.countDown();
            assertThat(returned.await(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void shouldHoldTheTriggerBackWhileABusyPartitionIsBackedUp() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean backedUp = new AtomicBoolean(true);
        try (PartitionDrains drains = new PartitionDrains(2, p -> await(release), "test-drain")) {
            // One of two threads busy: room, unless the busy partition holds another batch already.
            drains.request(List.of(7));
            assertThat(drains.busy()).isEqualTo(1);
            CountDownLatch returned = new CountDownLatch(1);
            new Thread(() -> {
                drains.awaitRoom(p -> p == 7 && backedUp.get());
                returned.countDown();
            }).start();
            assertThat(returned.await(200, TimeUnit.MILLISECONDS)).isFalse();
            // Its drain took a batch: no longer backed up, though still busy.
            backedUp.set(false);
            assertThat(returned.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(drains.busy()).isEqualTo(1);
            release.countDown();
        }
    }

    @Test
    void shouldRethrowWhatADrainThrewToTheTriggerAndRunNoMoreDrains() throws Exception {
        AtomicInteger drained = new AtomicInteger();
        Map<Integer, Integer> calls = new ConcurrentHashMap<>();
        try (PartitionDrains drains = new PartitionDrains(2, p -> {
            calls.merge(p, 1, Integer::sum);
            if (p == 3) {
                throw new IllegalStateException("partition 3 broke");
            }
            drained.incrementAndGet();
        }, "test-drain")) {
            drains.request(List.of(3));
            awaitIdle(drains);
            assertThatThrownBy(() -> drains.awaitRoom(p -> false)).isInstanceOf(IllegalStateException.class)
                    .hasMessage("partition 3 broke");
            drains.request(List.of(4));
            awaitIdle(drains);
        }
        assertThat(drained).hasValue(0);
        assertThat(calls).containsEntry(3, 1).doesNotContainKey(4);
    }

    @Test
    void shouldRefuseNoThreads() {
        assertThatThrownBy(() -> new PartitionDrains(0, p -> { }, "x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1");
    }

    private static void awaitIdle(PartitionDrains drains) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (drains.busy() > 0) {
            assertThat(System.nanoTime()).isLessThan(deadline);
            Thread.sleep(1);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
