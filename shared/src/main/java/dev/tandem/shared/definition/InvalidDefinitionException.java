package dev.tandem.shared.definition;

import dev.tandem.shared.spec.DefinitionProblem;
import java.util.List;
import java.util.stream.Collectors;

/** A pipeline file that cannot be used, with every problem found in it. */
public final class InvalidDefinitionException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient List<DefinitionProblem> problems;

    public InvalidDefinitionException(String file, List<DefinitionProblem> problems) {
        super("Invalid pipeline definition " + file + " (" + problems.size() + " problem"
                + (problems.size() == 1 ? "" : "s") + "):" + problems.stream().map(p -> "\n  - " + p)
                        .collect(Collectors.joining()));
        this.problems = List.copyOf(problems);
    }

    public List<DefinitionProblem> problems() {
        return problems;
    }
}
