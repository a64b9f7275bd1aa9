package dev.tandem.localstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Prints a bearer token for the functions of a local stack, signed with the stack's dev key.
 *
 * <pre>
 * java -cp infra/local-stack/target/tandem-local-stack.jar dev.tandem.localstack.DevTokenMain \
 *     --data-dir DIR [--subject NAME] [--role tandem-operator]... [--hours 12]
 * </pre>
 */
public final class DevTokenMain {

    private DevTokenMain() {
    }

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of("target", "local-stack");
        String subject = "developer";
        Set<String> roles = new LinkedHashSet<>();
        long hours = 12;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--data-dir" -> dataDir = Path.of(args[i + 1]);
                case "--subject" -> subject = args[i + 1];
                case "--role" -> roles.add(args[i + 1]);
                case "--hours" -> hours = Long.parseLong(args[i + 1]);
                default -> {
                    System.err.println("unknown option " + args[i]
                            + "; options: --data-dir DIR --subject NAME --role ROLE (repeatable) --hours N");
                    System.exit(2);
                }
            }
        }
        if (roles.isEmpty()) {
            roles.add("tandem-operator");
        }
        Path keys = dataDir.resolve("jwt");
        if (!Files.exists(keys.resolve("private-key.pem"))) {
            System.err.println("No dev key in " + keys + ": start the local stack with --data-dir " + dataDir + " first");
            System.exit(1);
        }
        System.out.println(DevTokens.in(keys).token(subject, roles, Duration.ofHours(hours)));
    }
}
