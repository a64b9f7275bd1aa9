package dev.tandem.shared.spec;

import java.util.Objects;

/**
 * One thing wrong with a pipeline file.
 *
 * @param file    the file, as given to the loader
 * @param field   the field path within it, e.g. {@code window.size} or {@code aggregates[2].field}
 * @param problem what is wrong, quoting the value
 * @param fix     what to write instead
 */
public record DefinitionProblem(String file, String field, String problem, String fix) {

    public DefinitionProblem {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(problem, "problem");
        Objects.requireNonNull(fix, "fix");
    }

    /** {@code orders.yaml: window.size: '90x' is not a duration; use e.g. 60s, 5m} */
    @Override
    public String toString() {
        return file + ": " + (field.isEmpty() ? "" : field + ": ") + problem + "; " + fix;
    }
}
