package dev.tandem.engine.microbatch;

import java.util.ArrayList;
import java.util.List;

import dev.tandem.shared.decode.Decoded;
import dev.tandem.shared.record.Envelope;
import dev.tandem.shared.record.RawRecord;
import dev.tandem.shared.decode.RecordDecoder;

/**
 * Step 1: decode and validate every record (parse, schema, rules, masking). Decoding is the costliest
 * per-record work and independent per record, so a large batch is decoded on all cores; the order
 * of the results is the records'.
 */
final class Validation {

    /** Below this many records, splitting the decoding across threads costs more than it saves. */
    private static final int PARALLEL_DECODE_THRESHOLD = 256;

    private final RecordDecoder decoder;

    Validation(RecordDecoder decoder) {
        this.decoder = decoder;
    }

    /** A batch's records sorted into valid envelopes and invalid records with their reasons, each in offset order. */
    record Validated(List<Envelope> valid, List<Decoded.Invalid> invalid) {
    }

    Validated validate(List<RawRecord> records) {
        List<Envelope> valid = new ArrayList<>(records.size());
        List<Decoded.Invalid> invalid = new ArrayList<>();
        for (Decoded d : decodeAll(records)) {
            if (d instanceof Decoded.Valid v) {
                valid.add(v.envelope());
            } else {
                invalid.add((Decoded.Invalid) d);
            }
        }
        return new Validated(valid, invalid);
    }

    private List<Decoded> decodeAll(List<RawRecord> records) {
        if (records.size() < PARALLEL_DECODE_THRESHOLD || Runtime.getRuntime().availableProcessors() < 2) {
            return records.stream().map(decoder::decode).toList();
        }
        return records.parallelStream().map(decoder::decode).toList();
    }
}
