package dev.tandem.demo.run;

import java.nio.file.Path;

import dev.tandem.demo.generate.GenerateMain;
import dev.tandem.demo.generate.GeneratorOptions;

/**
 * {@code ./tandem demo}: runs the whole scenario and writes {@code target/demo/report.html}.
 *
 * <pre>
 * ./tandem demo [--rate 3000] [--duration 60s] [--late 0.01] [--duplicates 0.01] [--invalid 0.005]
 *     [--stores 200] [--seed 20261125] [--out target/demo] [--quiet true]
 * </pre>
 * Exits 0 when the run's numbers match the generator's truth and reconciliation left nothing
 * unexplained, 1 otherwise.
 */
public final class DemoMain {

    private DemoMain() {
    }

    public static void main(String[] args) throws Exception {
        // The embedded broker and S3 server log to the console; the demo's own lines are what matter.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "error");
        Path root = Path.of(System.getProperty("tandem.root", ".")).toAbsolutePath().normalize();
        Path out = root.resolve("target/demo");
        boolean quiet = false;
        java.util.List<String> generatorArgs = new java.util.ArrayList<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--out" -> out = Path.of(args[i + 1]).toAbsolutePath();
                case "--quiet" -> quiet = Boolean.parseBoolean(args[i + 1]);
                default -> {
                    generatorArgs.add(args[i]);
                    generatorArgs.add(args[i + 1]);
                }
            }
        }
        if (args.length % 2 != 0) {
            System.err.println("tandem demo: option " + args[args.length - 1] + " needs a value");
            System.exit(2);
        }
        GeneratorOptions generator;
        try {
            generator = GenerateMain.Options.parse(generatorArgs.toArray(String[]::new)).generator();
        } catch (IllegalArgumentException e) {
            System.err.println("tandem demo: " + e.getMessage());
            System.exit(2);
            return;
        }
        Demo demo = new Demo(new DemoOptions(root, out, generator, quiet));
        Thread stopper = new Thread(() -> {
            if (!demo.closed()) {
                System.out.println();
                System.out.println("[demo] stopping: the functions, then the stack");
                demo.close();
            }
        }, "tandem-demo-stop");
        Runtime.getRuntime().addShutdownHook(stopper);
        int exit;
        try {
            Summary s;
            try {
                s = demo.run();
            } catch (Exception e) {
                if (demo.closed()) {
                    // Interrupted by Ctrl-C: the shutdown hook stops everything; nothing to report.
                    return;
                }
                throw e;
            }
            boolean agrees = s.recordsIn() == s.truth().sent() && s.invalid() == s.truth().invalidTotal()
                    && s.late() == s.truth().late() && s.duplicates() == s.truth().duplicates()
                    && s.windowsCorrected() == s.expectedCorrections() && s.unexplained() == 0;
            System.out.println(agrees ? "[demo] every number matches the generator's truth"
                    : "[demo] MISMATCH: see the summary above and " + out.resolve("summary.json"));
            exit = agrees ? 0 : 1;
        } finally {
            demo.close();
        }
        System.exit(exit);
    }
}
