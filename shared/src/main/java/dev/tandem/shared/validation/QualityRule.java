package dev.tandem.shared.validation;

import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tandem.shared.record.FieldPath;

/** A data-quality rule beyond the schema, evaluated on each event's payload. */
public sealed interface QualityRule permits RangeRule, PatternRule, AllowedValuesRule, RequiredRule {

    /** Unique within the pipeline; reported as the violation's rule. */
    String name();

    FieldPath field();

    /** The violation, if the payload breaks the rule. A rule on an absent field holds, except {@link RequiredRule}. */
    Optional<Violation> check(JsonNode payload);
}
