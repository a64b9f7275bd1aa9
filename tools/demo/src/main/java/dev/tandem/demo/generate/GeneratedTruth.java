package dev.tandem.demo.generate;

import java.util.Map;
import java.util.Set;

/**
 * What the generator knows it sent: the answer a run is checked against.
 *
 * @param sent          events sent
 * @param valid         distinct valid events (on time or late, duplicates not counted)
 * @param late          late events (distinct)
 * @param duplicates    re-sent copies
 * @param invalid       invalid events, by reason
 * @param lateWindows   {@code <window start ISO>|<store>} of every window a late event belongs to
 * @param firstEventMs  the earliest event time sent
 * @param lastEventMs   the latest event time sent
 */
public record GeneratedTruth(long sent, long valid, long late, long duplicates, Map<String, Long> invalid,
        Set<String> lateWindows, long firstEventMs, long lastEventMs) {

    public long invalidTotal() {
        return invalid.values().stream().mapToLong(Long::longValue).sum();
    }
}
