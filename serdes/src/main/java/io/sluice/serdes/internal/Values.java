package io.sluice.serdes.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.IndexedRecord;

/**
 * Values reads row values as the Java types the encoders need, accepting the lossless widenings (an
 * Integer where a long is expected) and rejecting anything else with {@link
 * IllegalArgumentException}.
 */
public final class Values {

    private Values() {}

    /** An int from an Integer, Short or Byte. */
    public static int asInt(Object value) {
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).intValue();
        }
        throw mismatch("int", value);
    }

    /** A long from a Long or a narrower integer. */
    public static long asLong(Object value) {
        if (value instanceof Long) {
            return (Long) value;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        throw mismatch("long", value);
    }

    /** A float from a Float or an integer. */
    public static float asFloat(Object value) {
        if (value instanceof Float) {
            return (Float) value;
        }
        if (value instanceof Integer
                || value instanceof Long
                || value instanceof Short
                || value instanceof Byte) {
            return ((Number) value).floatValue();
        }
        throw mismatch("float", value);
    }

    /** A double from any Java number but BigDecimal and BigInteger. */
    public static double asDouble(Object value) {
        if (value instanceof Double) {
            return (Double) value;
        }
        if (value instanceof Float
                || value instanceof Integer
                || value instanceof Long
                || value instanceof Short
                || value instanceof Byte) {
            return ((Number) value).doubleValue();
        }
        throw mismatch("double", value);
    }

    /** A boolean from a Boolean. */
    public static boolean asBoolean(Object value) {
        if (value instanceof Boolean) {
            return (Boolean) value;
        }
        throw mismatch("boolean", value);
    }

    /** A string from any CharSequence (String or Avro Utf8). */
    public static String asString(Object value) {
        if (value instanceof CharSequence) {
            return value.toString();
        }
        throw mismatch("string", value);
    }

    /** The bytes of a ByteBuffer (its remaining bytes), a byte array or a GenericFixed. */
    public static byte[] bytes(Object value) {
        if (value instanceof ByteBuffer) {
            ByteBuffer buffer = ((ByteBuffer) value).duplicate();
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        }
        if (value instanceof byte[]) {
            return (byte[]) value;
        }
        if (value instanceof GenericFixed) {
            return ((GenericFixed) value).bytes();
        }
        throw mismatch("bytes", value);
    }

    /** A BigDecimal at the given scale; rounding is refused. */
    public static BigDecimal decimal(Object value, int scale) {
        if (!(value instanceof BigDecimal)) {
            throw mismatch("decimal", value);
        }
        try {
            return ((BigDecimal) value).setScale(scale, RoundingMode.UNNECESSARY);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(
                    "decimal " + value + " needs rounding to scale " + scale, e);
        }
    }

    /** The value of a field found by name in a record of another schema; null when it has none. */
    public static Object field(IndexedRecord record, String name) {
        Schema.Field field = record.getSchema().getField(name);
        return field == null ? null : record.get(field.pos());
    }

    /** An exception saying that a value is not of the expected type. */
    public static IllegalArgumentException mismatch(String expected, Object value) {
        return new IllegalArgumentException(
                "expected "
                        + expected
                        + ", got "
                        + (value == null ? "null" : value.getClass().getSimpleName()));
    }
}
