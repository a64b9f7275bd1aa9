package dev.tandem.shared.storage;

import java.io.IOException;
import java.util.Arrays;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.SerializedString;

/**
 * The property names of objects read one after another that almost always come in one order:
 * the lines of a segment, written by one writer. Reading a name by comparing the input's bytes
 * with the one expected next ({@link JsonParser#nextFieldName(com.fasterxml.jackson.core.SerializableString)})
 * skips the parser's symbol-table lookup, a fifth of reading a segment. Any other name is still
 * read and returned; the order only decides which comparison is tried first.
 *
 * <p>An order is fixed ({@link #of}) or learned from the first objects read ({@link #learned}); a
 * learned order belongs to one reader on one thread.
 */
final class FieldOrder {

    /** Objects with more properties than this are read past it by name lookup, as before. */
    private static final int MAX_LEARNED = 64;

    private SerializedString[] names;
    private int size;
    private final boolean learns;

    private FieldOrder(SerializedString[] names, int size, boolean learns) {
        this.names = names;
        this.size = size;
        this.learns = learns;
    }

    static FieldOrder of(String... names) {
        return new FieldOrder(Arrays.stream(names).map(SerializedString::new).toArray(SerializedString[]::new),
                names.length, false);
    }

    static FieldOrder learned() {
        return new FieldOrder(new SerializedString[8], 0, true);
    }

    /** A reader of one object's names, the parser just inside it or after a property's value. */
    Cursor cursor() {
        return new Cursor();
    }

    final class Cursor {
        private int next;

        /** The next property's name, the parser on it; null at the end of the object. */
        String next(JsonParser p) throws IOException {
            if (next < size) {
                SerializedString expected = names[next];
                if (p.nextFieldName(expected)) {
                    next++;
                    return expected.getValue();
                }
                // The parser has moved on to what came instead.
                if (p.currentToken() != JsonToken.FIELD_NAME) {
                    return null;
                }
                String name = p.currentName();
                resync(name);
                return name;
            }
            String name = p.nextFieldName();
            if (name != null && learns && next == size && size < MAX_LEARNED) {
                if (size == names.length) {
                    names = Arrays.copyOf(names, size * 2);
                }
                names[size++] = new SerializedString(name);
                next = size;
            }
            return name;
        }

        /** After an unexpected name: expect what follows it in the order, if it is in it. */
        private void resync(String name) {
            for (int i = 0; i < size; i++) {
                if (names[i].getValue().equals(name)) {
                    next = i + 1;
                    return;
                }
            }
        }
    }
}
