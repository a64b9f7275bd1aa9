package dev.tandem.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

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

    static double self() {
        return seconds(ProcessHandle.current().pid());
    }
}
