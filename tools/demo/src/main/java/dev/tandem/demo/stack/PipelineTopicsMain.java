package dev.tandem.demo.stack;

import java.nio.file.Path;

import dev.tandem.shared.definition.InvalidDefinitionException;
import dev.tandem.shared.definition.PipelineDefinition;
import dev.tandem.shared.definition.PipelineDefinitionLoader;

/**
 * {@code PipelineTopicsMain FILE [PARTITIONS]}: prints the topics a pipeline needs, as the local
 * stack's {@code --topics} takes them — {@code <source.topic>:P,<pipeline>.results:P,<pipeline>.dlq:1}
 * — for {@code ./tandem stack --pipeline FILE}. An invalid file prints its problems, one line each
 * naming the file and field, and exits with 2.
 */
public final class PipelineTopicsMain {

    private PipelineTopicsMain() {
    }

    public static void main(String[] args) {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: PipelineTopicsMain FILE [PARTITIONS]");
            System.exit(2);
        }
        int partitions = args.length == 2 ? Integer.parseInt(args[1]) : 3;
        PipelineDefinition d;
        try {
            d = PipelineDefinitionLoader.load(Path.of(args[0]));
        } catch (InvalidDefinitionException e) {
            e.problems().forEach(p -> System.err.println(p));
            System.exit(2);
            return;
        } catch (RuntimeException e) {
            System.err.println(args[0] + ": " + e.getMessage());
            System.exit(2);
            return;
        }
        System.out.println(d.source().topic() + ":" + partitions + "," + d.resultsTopic() + ":" + partitions + ","
                + d.deadLetterTopic() + ":1");
    }
}
