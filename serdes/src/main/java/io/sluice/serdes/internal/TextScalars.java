package io.sluice.serdes.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;

/**
 * Text scalars are the rules for reading scalar row values from text and writing them back, shared
 * by the JSON and CSV codecs.
 *
 * <p>Numbers are decimal ({@code -12}, {@code 3.5e2}, {@code NaN} and {@code Infinity} for floating
 * point); booleans are {@code true}/{@code false} in any case; bytes and fixed are base64; decimals
 * keep the schema's scale and reject text that would need rounding; timestamps and dates are
 * numbers or text read by {@link TemporalText}.
 */
public final class TextScalars {

    private static final int MAX_EXCERPT = 40;

    private TextScalars() {}

    /**
     * A reader for a scalar schema.
     *
     * @throws IllegalArgumentException when the schema is a record, array, map or union
     */
    public static ScalarReader reader(Schema schema, TemporalText temporal) {
        Kind kind = Kind.of(schema);
        switch (kind) {
            case BOOLEAN:
                return TextScalars::readBoolean;
            case INT:
                return TextScalars::readInt;
            case LONG:
                return TextScalars::readLong;
            case FLOAT:
                return text -> (float) readFloating(text, "float");
            case DOUBLE:
                return text -> readFloating(text, "double");
            case STRING:
                return text -> text;
            case UUID:
                return TextScalars::readUuid;
            case BYTES:
                return text -> ByteBuffer.wrap(readBase64(text));
            case FIXED:
                return text -> readFixed(text, schema);
            case ENUM:
                return enumReader(schema);
            case DECIMAL:
                return decimalReader(schema);
            case TIMESTAMP_MILLIS:
                return text -> isInteger(text) ? readLong(text) : temporal.parseMillis(text);
            case TIMESTAMP_MICROS:
                return text -> isInteger(text) ? readLong(text) : temporal.parseMicros(text);
            case DATE:
                return text -> isInteger(text) ? readInt(text) : temporal.parseDays(text);
            case NULL:
                return text -> {
                    throw new FieldFailure("expected null, got '" + excerpt(text) + "'");
                };
            default:
                throw new IllegalArgumentException("not a scalar schema: " + schema);
        }
    }

    /**
     * A writer for a scalar schema.
     *
     * @throws IllegalArgumentException when the schema is a record, array, map or union
     */
    public static ScalarWriter writer(Schema schema, TemporalText temporal) {
        Kind kind = Kind.of(schema);
        switch (kind) {
            case BOOLEAN:
            case INT:
            case LONG:
            case FLOAT:
            case DOUBLE:
            case STRING:
            case UUID:
            case ENUM:
                return TextScalars::plain;
            case BYTES:
            case FIXED:
                return value -> Base64.getEncoder().encodeToString(Values.bytes(value));
            case DECIMAL:
                int scale = ((LogicalTypes.Decimal) schema.getLogicalType()).getScale();
                return value -> Values.decimal(value, scale).toPlainString();
            case TIMESTAMP_MILLIS:
                return temporal.writesTimestampText()
                        ? value -> temporal.formatMillis(Values.asLong(value))
                        : TextScalars::plain;
            case TIMESTAMP_MICROS:
                return temporal.writesTimestampText()
                        ? value -> temporal.formatMicros(Values.asLong(value))
                        : TextScalars::plain;
            case DATE:
                return temporal.writesDateText()
                        ? value -> temporal.formatDays(Values.asInt(value))
                        : TextScalars::plain;
            default:
                throw new IllegalArgumentException("not a scalar schema: " + schema);
        }
    }

    private static String plain(Object value) {
        return value.toString();
    }

    /** Reads {@code true} or {@code false}, in any case. */
    public static Boolean readBoolean(String text) {
        String t = text.trim();
        if (t.equalsIgnoreCase("true")) {
            return Boolean.TRUE;
        }
        if (t.equalsIgnoreCase("false")) {
            return Boolean.FALSE;
        }
        throw new FieldFailure("expected boolean, got '" + excerpt(text) + "'");
    }

    /** Reads a decimal integer that fits in an int. */
    public static Integer readInt(String text) {
        long value = readLong(text, "int");
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw new FieldFailure("number out of range for int: " + excerpt(text));
        }
        return (int) value;
    }

    /** Reads a decimal integer that fits in a long. */
    public static Long readLong(String text) {
        return readLong(text, "long");
    }

    private static long readLong(String text, String type) {
        String t = text.trim();
        if (!isInteger(t)) {
            throw new FieldFailure("expected " + type + ", got '" + excerpt(text) + "'");
        }
        try {
            return Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw new FieldFailure("number out of range for " + type + ": " + excerpt(text));
        }
    }

    private static double readFloating(String text, String type) {
        String t = text.trim();
        if (!isDecimal(t) && !t.equals("NaN") && !t.equals("Infinity") && !t.equals("-Infinity")) {
            throw new FieldFailure("expected " + type + ", got '" + excerpt(text) + "'");
        }
        double value = Double.parseDouble(t);
        boolean overflow =
                type.equals("float") ? Float.isInfinite((float) value) : Double.isInfinite(value);
        if (overflow && !t.endsWith("Infinity")) {
            throw new FieldFailure("number out of range for " + type + ": " + excerpt(text));
        }
        return value;
    }

    private static String readUuid(String text) {
        if (text.length() != 36
                || text.charAt(8) != '-'
                || text.charAt(13) != '-'
                || text.charAt(18) != '-'
                || text.charAt(23) != '-') {
            throw new FieldFailure("expected uuid, got '" + excerpt(text) + "'");
        }
        for (int i = 0; i < 36; i++) {
            char c = text.charAt(i);
            if (c != '-' && Character.digit(c, 16) < 0) {
                throw new FieldFailure("expected uuid, got '" + excerpt(text) + "'");
            }
        }
        return text;
    }

    private static byte[] readBase64(String text) {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new FieldFailure("expected base64 bytes, got '" + excerpt(text) + "'");
        }
    }

    private static GenericData.Fixed readFixed(String text, Schema schema) {
        return fixed(readBase64(text), schema);
    }

    /** Wraps bytes as a fixed value after checking the schema's size. */
    public static GenericData.Fixed fixed(byte[] bytes, Schema schema) {
        if (bytes.length != schema.getFixedSize()) {
            throw new FieldFailure(
                    "expected "
                            + schema.getFixedSize()
                            + " bytes for fixed "
                            + schema.getName()
                            + ", got "
                            + bytes.length);
        }
        return new GenericData.Fixed(schema, bytes);
    }

    private static ScalarReader enumReader(Schema schema) {
        Map<String, GenericData.EnumSymbol> symbols = enumSymbols(schema);
        return text -> {
            GenericData.EnumSymbol symbol = symbols.get(text);
            if (symbol == null) {
                throw new FieldFailure(
                        "'" + excerpt(text) + "' is not a symbol of enum " + schema.getName());
            }
            return symbol;
        };
    }

    /** The symbols of an enum schema as shared immutable values, by name. */
    public static Map<String, GenericData.EnumSymbol> enumSymbols(Schema schema) {
        Map<String, GenericData.EnumSymbol> symbols = new HashMap<>();
        for (String symbol : schema.getEnumSymbols()) {
            symbols.put(symbol, new GenericData.EnumSymbol(schema, symbol));
        }
        return symbols;
    }

    private static ScalarReader decimalReader(Schema schema) {
        LogicalTypes.Decimal decimal = (LogicalTypes.Decimal) schema.getLogicalType();
        return text -> {
            String t = text.trim();
            if (!isDecimal(t)) {
                throw new FieldFailure("expected decimal, got '" + excerpt(text) + "'");
            }
            return decimal(new BigDecimal(t), decimal);
        };
    }

    /**
     * Checks a decimal against the logical type, bringing it to the schema's scale without
     * rounding.
     */
    public static BigDecimal decimal(BigDecimal value, LogicalTypes.Decimal type) {
        BigDecimal scaled;
        try {
            scaled = value.setScale(type.getScale(), RoundingMode.UNNECESSARY);
        } catch (ArithmeticException e) {
            throw new FieldFailure(
                    "decimal "
                            + excerpt(value.toString())
                            + " has more than "
                            + type.getScale()
                            + " fraction digits");
        }
        if (scaled.precision() > type.getPrecision()) {
            throw new FieldFailure(
                    "decimal "
                            + excerpt(value.toString())
                            + " has more than "
                            + type.getPrecision()
                            + " digits");
        }
        return scaled;
    }

    /** Whether text is an optionally signed run of ASCII digits. */
    public static boolean isInteger(String t) {
        int n = t.length();
        int i = n > 0 && (t.charAt(0) == '-' || t.charAt(0) == '+') ? 1 : 0;
        if (i == n) {
            return false;
        }
        for (; i < n; i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether text is a plain decimal number: sign, digits, fraction and exponent, all optional but
     * digits.
     */
    public static boolean isDecimal(String t) {
        int n = t.length();
        int i = n > 0 && (t.charAt(0) == '-' || t.charAt(0) == '+') ? 1 : 0;
        int digits = 0;
        while (i < n && isDigit(t.charAt(i))) {
            i++;
            digits++;
        }
        if (i < n && t.charAt(i) == '.') {
            i++;
            while (i < n && isDigit(t.charAt(i))) {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (i < n && (t.charAt(i) == 'e' || t.charAt(i) == 'E')) {
            i++;
            if (i < n && (t.charAt(i) == '-' || t.charAt(i) == '+')) {
                i++;
            }
            int exponentDigits = 0;
            while (i < n && isDigit(t.charAt(i))) {
                i++;
                exponentDigits++;
            }
            if (exponentDigits == 0) {
                return false;
            }
        }
        return i == n;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** The start of a text, cut for error messages so that they stay short. */
    public static String excerpt(String text) {
        return text.length() <= MAX_EXCERPT ? text : text.substring(0, MAX_EXCERPT) + "...";
    }
}
