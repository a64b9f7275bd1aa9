package dev.tandem.shared.state;

import java.util.List;

import dev.tandem.shared.record.Envelope;

/**
 * What folding a batch of records did.
 *
 * @param folded     records added to at least one window, late ones included
 * @param duplicates records skipped because their id was seen within the horizon
 * @param late       records whose earliest window had closed before them, in offset order
 */
public record FoldOutcome(int folded, int duplicates, List<Envelope> late) {

    public FoldOutcome {
        late = List.copyOf(late);
    }
}
