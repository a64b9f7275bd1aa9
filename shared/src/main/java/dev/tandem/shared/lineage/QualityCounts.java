package dev.tandem.shared.lineage;

/**
 * What happened to the records of an input.
 *
 * @param valid      records that passed validation
 * @param invalid    records sent to the dead-letter topic
 * @param late       valid records that arrived after their window closed
 * @param duplicates valid records skipped as duplicates
 */
public record QualityCounts(long valid, long invalid, long late, long duplicates) {

    public static final QualityCounts NONE = new QualityCounts(0, 0, 0, 0);

    public QualityCounts plus(QualityCounts o) {
        return new QualityCounts(valid + o.valid, invalid + o.invalid, late + o.late, duplicates + o.duplicates);
    }
}
