package dev.tandem.shared.aggregate;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;

import com.fasterxml.jackson.databind.JsonNode;

/** Exact decimals from JSON and their canonical binary form. */
final class Decimals {

    private Decimals() {
    }

    /** The exact value of a JSON number, or null for anything else (missing, null, text, ...). */
    static BigDecimal of(JsonNode node) {
        if (node == null || !node.isNumber()) {
            return null;
        }
        if (node.isFloatingPointNumber() && !node.isBigDecimal()) {
            // A double parsed without USE_BIG_DECIMAL_FOR_FLOATS: its shortest decimal form is what was written.
            return new BigDecimal(Double.toString(node.doubleValue()));
        }
        return node.decimalValue();
    }

    /** Of two numerically equal decimals, the one with the larger scale, so ties never depend on order. */
    static BigDecimal canonicalMin(BigDecimal a, BigDecimal b) {
        int c = a.compareTo(b);
        if (c != 0) {
            return c < 0 ? a : b;
        }
        return a.scale() >= b.scale() ? a : b;
    }

    static BigDecimal canonicalMax(BigDecimal a, BigDecimal b) {
        int c = a.compareTo(b);
        if (c != 0) {
            return c > 0 ? a : b;
        }
        return a.scale() >= b.scale() ? a : b;
    }

    static void write(DataOutput out, BigDecimal value) throws IOException {
        out.writeInt(value.scale());
        byte[] unscaled = value.unscaledValue().toByteArray();
        out.writeInt(unscaled.length);
        out.write(unscaled);
    }

    static BigDecimal read(DataInput in) throws IOException {
        int scale = in.readInt();
        int length = in.readInt();
        if (length < 1 || length > 1 << 16) {
            throw new IOException("Corrupt decimal: " + length + " bytes");
        }
        byte[] unscaled = new byte[length];
        in.readFully(unscaled);
        return new BigDecimal(new BigInteger(unscaled), scale);
    }
}
