package dev.tandem.shared.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;

/**
 * Seeded mutations of the example pipeline file (lines dropped, duplicated, swapped or re-indented,
 * values replaced by other types or odd text, keys misspelt, tabs, truncation): each either loads or
 * is refused with problems that each name the file and a field — never another exception, never a
 * hang. A failure prints the seed and the mutated file, so it replays exactly.
 */
class PipelineDefinitionFuzzTest {

    private static final long SEED = Long.getLong("fuzz.seed", 20261130L);
    private static final int FILES = Integer.getInteger("fuzz.pipelines", 600);
    private static final String[] ODD = {"", "~", "null", "-1", "0", "1e309", "9223372036854775808", "[]", "{}",
        "[1, [2, [3]]]", "\"\"", "'", "\"unterminated", "&anchor", "*alias", "!!binary AAAA", "true", "0x1F",
        "60", "60x", "PT", "P1000000000D", "-5s", "1h", "ms", "a.b.c", "$.x", "../../etc/passwd", "\u0000",
        "é", "🙂", "{a: [}", "? complex", "- item", ": colon", "#comment", "|", ">", "x".repeat(5000)};

    @Test
    void everyMutatedFileLoadsOrIsRefusedNamingFileAndField() throws Exception {
        String original = PipelineDefinitionLoaderTest.ORDERS;
        Random random = new Random(SEED);
        ExecutorService one = Executors.newSingleThreadExecutor();
        int loaded = 0;
        int refused = 0;
        try {
            for (int i = 0; i < FILES; i++) {
                String yaml = mutate(original, random);
                Future<Object> outcome = one.submit(() -> {
                    try {
                        return PipelineDefinitionLoaderTest.load(yaml, Map.of());
                    } catch (InvalidDefinitionException e) {
                        return e;
                    }
                });
                Object result;
                try {
                    result = outcome.get(10, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    outcome.cancel(true);
                    fail("seed %d, file %d hung:%n%s", SEED, i, yaml);
                    return;
                } catch (java.util.concurrent.ExecutionException e) {
                    fail("seed %d, file %d threw %s instead of naming the problem:%n%s", SEED, i, e.getCause(), yaml);
                    return;
                }
                if (result instanceof InvalidDefinitionException e) {
                    refused++;
                    int n = i;
                    assertThat(e.problems()).as("seed %d, file %d:%n%s", SEED, n, yaml).isNotEmpty()
                            .allSatisfy(p -> {
                                assertThat(p.file()).isEqualTo("orders.yaml");
                                assertThat(p.toString()).doesNotContain("Exception").doesNotContain("\n\tat ");
                                assertThat(p.fix()).as("seed %d, file %d: %s", SEED, n, p).isNotBlank();
                            });
                    assertThat(e.getMessage()).startsWith("Invalid pipeline definition orders.yaml");
                } else {
                    loaded++;
                }
            }
        } finally {
            one.shutdownNow();
        }
        assertThat(loaded + refused).isEqualTo(FILES);
        assertThat(refused).as("most mutations break the file").isGreaterThan(FILES / 2);
        assertThat(loaded).as("some leave it valid").isPositive();
    }

    /** One to three random edits of the text. */
    static String mutate(String yaml, Random random) {
        List<String> lines = new ArrayList<>(List.of(yaml.split("\n", -1)));
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits && !lines.isEmpty(); e++) {
            int at = random.nextInt(lines.size());
            String line = lines.get(at);
            switch (random.nextInt(9)) {
                case 0 -> lines.remove(at);
                case 1 -> lines.add(at, line);
                case 2 -> {
                    int other = random.nextInt(lines.size());
                    lines.set(at, lines.get(other));
                    lines.set(other, line);
                }
                case 3 -> lines.set(at, " ".repeat(random.nextInt(6)) + line.stripLeading());
                case 4 -> lines.set(at, replaceValue(line, ODD[random.nextInt(ODD.length)]));
                case 5 -> lines.set(at, misspell(line, random));
                case 6 -> lines.set(at, line.replaceFirst("^ ", "\t"));
                case 7 -> lines.subList(at, lines.size()).clear();
                default -> lines.set(at, replaceValue(line, Integer.toString(random.nextInt(2_000_000_000) - 1_000_000_000)));
            }
        }
        return String.join("\n", lines);
    }

    private static String replaceValue(String line, String value) {
        int colon = line.indexOf(':');
        if (colon < 0) {
            return line.replaceFirst("-\\s*\\S.*$", "- " + value);
        }
        return line.substring(0, colon + 1) + " " + value;
    }

    private static String misspell(String line, Random random) {
        int colon = line.indexOf(':');
        String key = colon < 0 ? line.strip() : line.substring(0, colon).strip();
        if (key.length() < 2) {
            return line;
        }
        int i = random.nextInt(key.length() - 1);
        String wrong = key.substring(0, i) + key.charAt(i + 1) + key.charAt(i) + key.substring(i + 2);
        return line.replaceFirst(java.util.regex.Pattern.quote(key), java.util.regex.Matcher.quoteReplacement(wrong));
    }

    @Test
    void aMutationIsReproducibleFromItsSeed() {
        assertThat(mutate(PipelineDefinitionLoaderTest.ORDERS, new Random(7)))
                .isEqualTo(mutate(PipelineDefinitionLoaderTest.ORDERS, new Random(7)))
                .isNotEqualTo(PipelineDefinitionLoaderTest.ORDERS);
    }
}
