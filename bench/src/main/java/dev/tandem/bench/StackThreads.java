package dev.tandem.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;

/**
 * CPU of the embedded S3 server, which shares the benchmark's JVM with the broker: its Jetty
 * pool's threads ({@code S3Proxy-Jetty-…}). A snapshot maps each such thread to its CPU time so far; the
 * difference of two snapshots is what the server used in between, less what pool threads that
 * ended in between had used (Jetty keeps an idle thread for a minute, so a busy run loses little):
 * a lower bound.
 */
final class StackThreads {

    private StackThreads() {
    }

    static Map<Long, Long> s3Snapshot() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<Long, Long> cpu = new HashMap<>();
        for (ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (t != null && t.getThreadName().startsWith("S3Proxy-Jetty")) {
                cpu.put(t.getThreadId(), Math.max(0, threads.getThreadCpuTime(t.getThreadId())));
            }
        }
        return cpu;
    }

    /** CPU seconds the S3 server's threads used since {@code before}. */
    static double s3CpuSecondsSince(Map<Long, Long> before) {
        long nanos = 0;
        for (Map.Entry<Long, Long> e : s3Snapshot().entrySet()) {
            nanos += e.getValue() - before.getOrDefault(e.getKey(), 0L);
        }
        return nanos / 1e9;
    }
}
