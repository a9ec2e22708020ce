package io.sluice.processor.expr;

import io.sluice.processor.expr.SqlType.Kind;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericFixed;

/**
 * Conversions are the rules for turning a value of one SQL type into another, used by CAST and by
 * implicit widening (an int added to a long, a date compared with a timestamp).
 *
 * <p>A conversion that cannot succeed for any value is refused at compile time ({@link #of} returns
 * null); one that fails for a particular value (text that is not a number, a number out of range)
 * throws {@link EvaluationException}.
 */
final class Conversions {

    /** A conversion of one non-null value. */
    @FunctionalInterface
    interface Converter {
        Object convert(Object value);
    }

    private static final Converter IDENTITY = v -> v;

    private Conversions() {}

    /** The conversion from {@code from} to {@code to}, or null when there is none. */
    static Converter of(SqlType from, SqlType to) {
        if (from.equals(to) || from.kind() == Kind.NULL) {
            return IDENTITY;
        }
        switch (to.kind()) {
            case STRING:
                return v -> toText(v, from);
            case BOOLEAN:
                return toBoolean(from);
            case INT:
                return toIntegral(from, true);
            case LONG:
                return toIntegral(from, false);
            case FLOAT:
                return toFloating(from, true);
            case DOUBLE:
                return toFloating(from, false);
            case DECIMAL:
                return toDecimal(from, to.precision(), to.scale());
            case TIMESTAMP:
                return toTimestamp(from);
            case DATE:
                return toDate(from);
            default:
                return null;
        }
    }

    /** {@code value} of type {@code type} as text, as CAST(value AS STRING) writes it. */
    static String toText(Object value, SqlType type) {
        switch (type.kind()) {
            case STRING:
                return value.toString();
            case DECIMAL:
                return ((BigDecimal) value).toPlainString();
            case TIMESTAMP:
                return Timestamps.format(((Number) value).longValue());
            case DATE:
                return Timestamps.formatDate(((Number) value).intValue());
            case BYTES:
                return bytesAsText(value);
            case RECORD:
            case ARRAY:
            case MAP:
            case UNION:
                return GenericData.get().toString(value);
            default:
                return String.valueOf(value);
        }
    }

    private static String bytesAsText(Object value) {
        if (value instanceof ByteBuffer buffer) {
            return StandardCharsets.UTF_8.decode(buffer.duplicate()).toString();
        }
        return new String(((GenericFixed) value).bytes(), StandardCharsets.UTF_8);
    }

    private static Converter toBoolean(SqlType from) {
        if (from.kind() == Kind.STRING) {
            return Conversions::parseBoolean;
        }
        if (from.kind() == Kind.DECIMAL) {
            return v -> ((BigDecimal) v).signum() != 0;
        }
        if (from.isNumeric()) {
            return v -> ((Number) v).doubleValue() != 0;
        }
        return null;
    }

    private static Boolean parseBoolean(Object value) {
        switch (value.toString().trim().toLowerCase(Locale.ROOT)) {
            case "true":
            case "t":
            case "yes":
            case "y":
            case "1":
                return Boolean.TRUE;
            case "false":
            case "f":
            case "no":
            case "n":
            case "0":
                return Boolean.FALSE;
            default:
                throw EvaluationException.of("cannot cast to boolean", value);
        }
    }

    private static Converter toIntegral(SqlType from, boolean toInt) {
        String target = toInt ? "int" : "long";
        switch (from.kind()) {
            case INT:
            case LONG:
            case DATE:
                return v -> narrow(((Number) v).longValue(), toInt, v);
            case TIMESTAMP:
                return toInt ? null : v -> ((Number) v).longValue();
            case FLOAT:
            case DOUBLE:
                return v -> narrow(truncate(((Number) v).doubleValue(), target), toInt, v);
            case DECIMAL:
                return v -> narrow(truncate((BigDecimal) v, target), toInt, v);
            case BOOLEAN:
                return v -> narrow(((Boolean) v) ? 1 : 0, toInt, v);
            case STRING:
                return v -> narrow(parseIntegral(v.toString(), target), toInt, v);
            default:
                return null;
        }
    }

    private static Object narrow(long value, boolean toInt, Object original) {
        if (!toInt) {
            return value;
        }
        if ((int) value != value) {
            throw EvaluationException.of("value out of range for int", original);
        }
        return (int) value;
    }

    private static long truncate(double value, String target) {
        if (Double.isNaN(value) || value >= 0x1p63 || value < -0x1p63) {
            throw EvaluationException.of("value out of range for " + target, value);
        }
        return (long) value;
    }

    private static long truncate(BigDecimal value, String target) {
        try {
            return value.setScale(0, RoundingMode.DOWN).longValueExact();
        } catch (ArithmeticException e) {
            throw EvaluationException.of("value out of range for " + target, value, e);
        }
    }

    private static long parseIntegral(String text, String target) {
        String trimmed = text.trim();
        try {
            return Long.parseLong(trimmed);
        } catch (NumberFormatException notWhole) {
            return truncate(parseDecimal(trimmed, target), target);
        }
    }

    private static BigDecimal parseDecimal(String text, String target) {
        try {
            return new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            throw EvaluationException.of("cannot cast to " + target, text, e);
        }
    }

    private static Converter toFloating(SqlType from, boolean toFloat) {
        if (from.kind() == Kind.STRING) {
            return v -> {
                double parsed = parseDouble(v.toString(), toFloat ? "float" : "double");
                return toFloat ? (Object) (float) parsed : (Object) parsed;
            };
        }
        if (from.kind() == Kind.BOOLEAN) {
            return v -> toFloat ? (Object) (((Boolean) v) ? 1f : 0f) : ((Boolean) v) ? 1d : 0d;
        }
        if (from.isNumeric()) {
            return v ->
                    toFloat
                            ? (Object) ((Number) v).floatValue()
                            : (Object) ((Number) v).doubleValue();
        }
        return null;
    }

    private static double parseDouble(String text, String target) {
        String trimmed = text.trim();
        // Double.parseDouble also takes Java suffixes such as "1d"; SQL text never has them.
        char last =
                trimmed.isEmpty()
                        ? ' '
                        : Character.toLowerCase(trimmed.charAt(trimmed.length() - 1));
        if (last == 'd' || last == 'f') {
            throw EvaluationException.of("cannot cast to " + target, text);
        }
        try {
            return Double.parseDouble(trimmed);
        } catch (NumberFormatException e) {
            throw EvaluationException.of("cannot cast to " + target, text, e);
        }
    }

    private static Converter toDecimal(SqlType from, int precision, int scale) {
        String target = "decimal(" + precision + "," + scale + ")";
        switch (from.kind()) {
            case INT:
            case LONG:
                return v -> fit(BigDecimal.valueOf(((Number) v).longValue()), precision, scale);
            case FLOAT:
            case DOUBLE:
                return v -> fit(fromDouble(((Number) v).doubleValue(), target), precision, scale);
            case DECIMAL:
                return v -> fit((BigDecimal) v, precision, scale);
            case STRING:
                return v -> fit(parseDecimal(v.toString(), target), precision, scale);
            default:
                return null;
        }
    }

    private static BigDecimal fromDouble(double value, String target) {
        if (!Double.isFinite(value)) {
            throw EvaluationException.of("cannot cast to " + target, value);
        }
        return BigDecimal.valueOf(value);
    }

    /**
     * {@code value} at {@code scale}, rounded half up.
     *
     * @throws EvaluationException when it has more digits than {@code precision} allows
     */
    static BigDecimal fit(BigDecimal value, int precision, int scale) {
        BigDecimal scaled = value.setScale(scale, RoundingMode.HALF_UP);
        if (scaled.precision() > precision) {
            throw EvaluationException.of(
                    "value does not fit decimal(" + precision + "," + scale + ")", value);
        }
        return scaled;
    }

    /** An integral or decimal value as a BigDecimal. */
    static BigDecimal toBigDecimal(Object value) {
        if (value instanceof BigDecimal decimal) {
            return decimal;
        }
        return BigDecimal.valueOf(((Number) value).longValue());
    }

    private static Converter toTimestamp(SqlType from) {
        switch (from.kind()) {
            case STRING:
                return v -> Timestamps.parse(v.toString());
            case DATE:
                return v -> ((Number) v).longValue() * Timestamps.MILLIS_PER_DAY;
            case INT:
            case LONG:
                return v -> ((Number) v).longValue();
            default:
                return null;
        }
    }

    private static Converter toDate(SqlType from) {
        switch (from.kind()) {
            case STRING:
                return v -> Timestamps.parseDate(v.toString());
            case TIMESTAMP:
                return v ->
                        (int) Math.floorDiv(((Number) v).longValue(), Timestamps.MILLIS_PER_DAY);
            case INT:
                return v -> ((Number) v).intValue();
            default:
                return null;
        }
    }
}
