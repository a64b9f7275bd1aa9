package dev.tandem.demo.generate;

import java.time.Duration;
import java.util.Locale;

import dev.tandem.shared.record.Json;

/**
 * {@code ./tandem generate}: sends the orders stream to a Kafka topic and prints what it sent.
 *
 * <pre>
 * ./tandem generate [--bootstrap 127.0.0.1:9092] [--topic orders] [--rate 3000] [--duration 60s]
 *     [--late 0.01] [--duplicates 0.01] [--invalid 0.005] [--stores 200] [--seed 20261125] [--window 10s]
 * </pre>
 */
public final class GenerateMain {

    private GenerateMain() {
    }

    public static void main(String[] args) throws Exception {
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("tandem generate: " + e.getMessage());
            System.exit(2);
            return;
        }
        System.err.printf(Locale.ROOT, "sending %,d orders to %s at %d/s%n", o.generator().events(), o.topic(),
                o.generator().rate());
        GeneratedTruth truth = new OrderGenerator(o.generator(), o.window().toMillis()).send(o.bootstrap(), o.topic(),
                n -> System.err.printf(Locale.ROOT, "\r  %,d sent", n));
        System.err.println();
        System.out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(truth));
    }

    /**
     * Parsed arguments.
     *
     * @param bootstrap Kafka bootstrap servers
     * @param topic     the topic
     * @param window    the pipeline's window size (to name late events' windows)
     * @param generator what to send
     */
    public record Options(String bootstrap, String topic, Duration window, GeneratorOptions generator) {

        public static Options parse(String[] args) {
            GeneratorOptions d = GeneratorOptions.defaults();
            String bootstrap = "127.0.0.1:9092";
            String topic = "orders";
            Duration window = Duration.ofSeconds(10);
            int rate = d.rate();
            Duration duration = d.duration();
            int stores = d.stores();
            double late = d.late();
            double duplicates = d.duplicates();
            double invalid = d.invalid();
            long seed = d.seed();
            for (int i = 0; i < args.length; i++) {
                String name = args[i];
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("option " + name + " needs a value");
                }
                String v = args[++i];
                switch (name) {
                    case "--bootstrap" -> bootstrap = v;
                    case "--topic" -> topic = v;
                    case "--window" -> window = duration(name, v);
                    case "--rate" -> rate = Integer.parseInt(v);
                    case "--duration" -> duration = duration(name, v);
                    case "--stores" -> stores = Integer.parseInt(v);
                    case "--late" -> late = Double.parseDouble(v);
                    case "--duplicates" -> duplicates = Double.parseDouble(v);
                    case "--invalid" -> invalid = Double.parseDouble(v);
                    case "--seed" -> seed = Long.parseLong(v);
                    default -> throw new IllegalArgumentException("unknown option " + name + "; options: --bootstrap"
                            + " --topic --window --rate --duration --stores --late --duplicates --invalid --seed");
                }
            }
            return new Options(bootstrap, topic, window, new GeneratorOptions(rate, duration, stores, late, duplicates,
                    invalid, d.disorder(), d.lateBy(), seed));
        }

        /** {@code 90s}, {@code 2m}, {@code 500ms}, or ISO-8601 ({@code PT90S}). */
        public static Duration duration(String option, String v) {
            try {
                if (v.startsWith("P") || v.startsWith("p")) {
                    return Duration.parse(v);
                }
                if (v.endsWith("ms")) {
                    return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
                }
                long n = Long.parseLong(v.substring(0, v.length() - 1));
                return switch (v.charAt(v.length() - 1)) {
                    case 's' -> Duration.ofSeconds(n);
                    case 'm' -> Duration.ofMinutes(n);
                    case 'h' -> Duration.ofHours(n);
                    default -> throw new IllegalArgumentException();
                };
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(option + " takes a duration such as 60s, 2m or 500ms (was " + v + ")");
            }
        }
    }
}
