package dev.tandem.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU seconds a process has used so far (user + system), from {@code /proc/<pid>/stat}. The
 * function, the broker and the S3 server share the machine's cores, so where the CPU went says
 * more than wall time alone.
 */
final class CpuTime {

    /** Linux reports utime and stime in clock ticks; 100 per second on every common kernel. */
    private static final double TICKS_PER_SECOND = 100.0;

    private CpuTime() {
    }

    static double seconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // The command name may contain spaces; fields are counted after its closing parenthesis.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /**
     * CPU seconds of a process's threads so far, summed by kind: the JIT compilers, the collector,
     * the VM's own thread and the application's threads by name (digits folded, so a pool is one
     * row). A thread that has ended is not counted: a lower bound per kind.
     */
    static Map<String, Double> byThreadKind(long pid) {
        Map<String, Double> out = new TreeMap<>();
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    double secs = (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
                    out.merge(kind(name), secs, Double::sum);
                } catch (IOException | RuntimeException e) {
                    // the thread ended while being read
                }
            }
        } catch (IOException e) {
            return out;
        }
        out.replaceAll((k, v) -> Math.round(v * 100) / 100.0);
        return out;
    }

    static String kind(String threadName) {
        if (threadName.startsWith("C2 Compiler")) {
            return "jit-c2";
        }
        if (threadName.startsWith("C1 Compiler")) {
            return "jit-c1";
        }
        if (threadName.startsWith("GC Thread") || threadName.startsWith("ParGC") || threadName.startsWith("G1 ")) {
            return "gc";
        }
        return threadName.replaceAll("[0-9]+", "N");
    }

    static double self() {
        return seconds(ProcessHandle.current().pid());
    }
}
