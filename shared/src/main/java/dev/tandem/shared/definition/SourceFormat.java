package dev.tandem.shared.definition;

/** How the values on the source topic are encoded. */
public enum SourceFormat {
    /** A JSON object per record: the event itself. */
    JSON,
    /** CloudEvents 1.0 in structured mode (JSON envelope) or binary mode ({@code ce_} headers, JSON data). */
    CLOUDEVENTS;
}
