package dev.tandem.shared.storage;

import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * The gzip framing of every object Tandem writes, plain gzip whatever the settings, so
 * {@code zcat} reads everything. Segments at level 1 (fastest): on segments of the {@code orders}
 * example the default level 6 took about 2.4 times as long for objects about 12% smaller, and
 * compressing was the largest part of landing a micro-batch. Checkpoints with Huffman coding only.
 */
final class Gzip {

    private Gzip() {
    }

    static OutputStream output(OutputStream target) throws IOException {
        return new GZIPOutputStream(target, 1 << 16) {
            {
                def.setLevel(Deflater.BEST_SPEED);
            }
        };
    }

    /**
     * For checkpoints, whose bulk is 16-byte id digests that no match finder shortens: Huffman
     * coding without looking for matches. On a delta of one 8,850-record batch (236 KB) it took 1.3
     * ms against level 1's 3.7 ms for 2% more bytes (177,918 against 174,321); a full checkpoint of
     * 1.5 MB 12 ms against 25 ms. A delta is written on every batch, on the batch's own thread.
     */
    static OutputStream huffmanOnly(OutputStream target) throws IOException {
        return new GZIPOutputStream(target, 1 << 16) {
            {
                def.setStrategy(Deflater.HUFFMAN_ONLY);
            }
        };
    }
}
