package dev.tandem.shared.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import dev.tandem.shared.masking.MaskMethod;
import dev.tandem.shared.masking.Masker;
import dev.tandem.shared.masking.PiiField;
import dev.tandem.shared.record.FieldPath;

/**
 * Random JSON text for differential tests of payload readers: every layout (line breaks included),
 * escapes, number forms (19+ digits, negative zero, exponents) and nesting, with names drawn from
 * the masked paths' own names (customer.id, customer.email, phone, a.b.c), so paths are hit at every
 * depth, inside arrays too.
 */
public final class JsonDocuments {

    /** The masked fields whose names the documents are made of. */
    public static final List<PiiField> PII = List.of(
            new PiiField(FieldPath.parse("customer.email"), MaskMethod.REDACT),
            new PiiField(FieldPath.parse("customer.id"), MaskMethod.HMAC),
            new PiiField(FieldPath.parse("phone"), MaskMethod.REDACT),
            new PiiField(FieldPath.parse("a.b.c"), MaskMethod.HMAC));
    public static final List<FieldPath> PATHS = PII.stream().map(PiiField::field).toList();
    /** A masker of {@link #PII} under a test-only key. */
    public static final Masker MASKER = Masker.of(PII, new byte[32]);
    /** Bytes that make or break JSON, for {@link #mutant}. */
    public static final byte[] ALPHABET = " \t{}[]\":,\\-+.019eEtrufalsnuA\u00e9"
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);

    private static final String[] NAMES = {"customer", "email", "id", "phone", "a", "b", "c", "amount", "x"};
    private static final String[] SPACE = {"", "", " ", "\n", "\r\n", "\t", "  "};
    private final Random random;

    public JsonDocuments(Random random) {
        this.random = random;
    }

    public String object(int depth, boolean root) {
        StringBuilder out = new StringBuilder(root ? ws() : "").append('{');
        List<String> names = new ArrayList<>(List.of(NAMES));
        int fields = random.nextInt(depth > 2 ? 3 : 6);
        for (int i = 0; i < fields; i++) {
            String name = names.remove(random.nextInt(names.size()));
            out.append(i > 0 ? "," : "").append(ws()).append('"').append(name).append('"').append(ws()).append(':')
                    .append(ws()).append(value(depth + 1)).append(ws());
        }
        return out.append('}').append(root ? ws() : "").toString();
    }

    String value(int depth) {
        int kind = random.nextInt(depth > 3 ? 6 : 9);
        return switch (kind) {
            case 0 -> string();
            case 1 -> number();
            case 2 -> random.nextBoolean() ? "true" : "false";
            case 3 -> "null";
            case 4, 5 -> string();
            case 6, 7 -> object(depth, false);
            default -> array(depth);
        };
    }

    String array(int depth) {
        StringBuilder out = new StringBuilder("[");
        int n = random.nextInt(4);
        for (int i = 0; i < n; i++) {
            out.append(i > 0 ? "," : "").append(ws()).append(value(depth + 1)).append(ws());
        }
        return out.append(']').toString();
    }

    String string() {
        String[] parts = {"a@b.c", "\\\"", "\\\\", "\\u00e9", "é", "\uD83D\uDE00", "\\n", "\\/", " ", "x", "}", "{", ":", ","};
        StringBuilder out = new StringBuilder("\"");
        int n = random.nextInt(5);
        for (int i = 0; i < n; i++) {
            out.append(parts[random.nextInt(parts.length)]);
        }
        return out.append('"').toString();
    }

    String number() {
        String[] forms = {"0", "-0", "41", "-7", "12.30", "1e3", "1.5E-3", "-2.50e+2", "123456789012345678901234567890",
                "0.000"};
        return forms[random.nextInt(forms.length)];
    }

    String ws() {
        return SPACE[random.nextInt(SPACE.length)];
    }

    /**
     * {@code text} with one random change: a byte of {@code alphabet} put in place of one, one
     * removed, one inserted, or the text cut short — most mutants are no longer JSON, some still are.
     */
    public static byte[] mutant(byte[] text, Random random, byte[] alphabet) {
        int at = random.nextInt(text.length);
        byte b = alphabet[random.nextInt(alphabet.length)];
        return switch (random.nextInt(4)) {
            case 0 -> {
                byte[] out = text.clone();
                out[at] = b;
                yield out;
            }
            case 1 -> {
                byte[] out = new byte[text.length - 1];
                System.arraycopy(text, 0, out, 0, at);
                System.arraycopy(text, at + 1, out, at, text.length - at - 1);
                yield out;
            }
            case 2 -> {
                byte[] out = new byte[text.length + 1];
                System.arraycopy(text, 0, out, 0, at);
                out[at] = b;
                System.arraycopy(text, at, out, at + 1, text.length - at);
                yield out;
            }
            default -> Arrays.copyOf(text, at);
        };
    }
}
