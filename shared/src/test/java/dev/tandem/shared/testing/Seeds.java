package dev.tandem.shared.testing;

import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;

/**
 * Seeds for randomized tests. The base seed is fixed per test class, so CI runs are repeatable;
 * {@code -Dtandem.test.seed=N} explores other seeds, and every failure names the seed that made it.
 */
public final class Seeds {

    private Seeds() {
    }

    public static List<Long> list(Class<?> testClass, int count) {
        long base = Long.getLong("tandem.test.seed", testClass.getName().hashCode());
        Random random = new Random(base);
        return LongStream.generate(random::nextLong).limit(count).boxed().toList();
    }
}
