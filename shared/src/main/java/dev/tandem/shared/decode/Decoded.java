package dev.tandem.shared.decode;

import java.util.List;
import java.util.Objects;

import dev.tandem.shared.validation.Violation;
import dev.tandem.shared.record.Envelope;
import dev.tandem.shared.record.RawRecord;

/** The outcome of decoding one raw record: a valid envelope, or why it is invalid. */
public sealed interface Decoded {

    RawRecord raw();

    /** A valid record. */
    record Valid(RawRecord raw, Envelope envelope) implements Decoded {
        public Valid {
            Objects.requireNonNull(raw, "raw");
            Objects.requireNonNull(envelope, "envelope");
        }
    }

    /** An invalid record and every reason; it goes to the dead-letter topic unchanged. */
    record Invalid(RawRecord raw, List<Violation> violations) implements Decoded {
        public Invalid {
            Objects.requireNonNull(raw, "raw");
            violations = List.copyOf(violations);
            if (violations.isEmpty()) {
                throw new IllegalArgumentException("An invalid record needs at least one violation");
            }
        }
    }
}
