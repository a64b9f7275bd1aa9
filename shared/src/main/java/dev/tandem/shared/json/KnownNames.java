package dev.tandem.shared.json;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The property names a reader has met, so the names of a topic's payloads — the same few on every
 * record — are found by their bytes instead of made again as strings for each one (a name made per
 * property was an eighth of what the micro-batch function allocated). Names are learned as they
 * come, up to {@value #MAX}: payloads whose names are data (ids as keys) stop being learned there and
 * have their names made as before. Thread-safe: a reader's threads share one table, replaced whole
 * when a name is learned.
 */
final class KnownNames {

    static final int MAX = 256;

    private record Table(String[] names, byte[][] bytes) {
    }

    private volatile Table table = new Table(new String[0], new byte[0][]);

    /**
     * The index of the known name whose UTF-8 bytes are {@code b[from, to)}, looking at {@code hint}
     * first (payloads of a topic mostly give their names in one order); -1 if none.
     */
    int find(byte[] b, int from, int to, int hint) {
        Table t = table;
        byte[][] bytes = t.bytes;
        int n = bytes.length;
        int length = to - from;
        for (int k = 0; k < n; k++) {
            int i = hint + k < n ? hint + k : hint + k - n;
            byte[] name = bytes[i];
            if (name.length == length && Arrays.equals(b, from, to, name, 0, length)) {
                return i;
            }
        }
        return -1;
    }

    /** The known name at {@code index}, as {@link #find} gave it. */
    String name(int index) {
        return table.names[index];
    }

    /** Learns {@code name}, a name as the reader made it from a payload's bytes, unless known or too many are. */
    void learn(String name) {
        // Past the bound every unknown name comes here: no lock for them.
        if (table.names.length < MAX) {
            add(name);
        }
    }

    private synchronized void add(String name) {
        Table t = table;
        if (t.names.length >= MAX || Arrays.asList(t.names).contains(name)) {
            return;
        }
        String[] names = Arrays.copyOf(t.names, t.names.length + 1);
        byte[][] bytes = Arrays.copyOf(t.bytes, t.bytes.length + 1);
        names[t.names.length] = name;
        bytes[t.names.length] = name.getBytes(StandardCharsets.UTF_8);
        table = new Table(names, bytes);
    }
}
