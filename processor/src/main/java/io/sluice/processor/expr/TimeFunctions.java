package io.sluice.processor.expr;

import io.sluice.processor.expr.FunctionRegistry.Definition;
import io.sluice.processor.expr.SqlType.Kind;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.function.LongUnaryOperator;

/**
 * Date and time functions, all in UTC: date_format, to_timestamp, year, month, day (dayofmonth),
 * hour, minute, second and unix_millis.
 *
 * <p>Their timestamp arguments may be timestamps, dates, longs (epoch millis) or text in the
 * default format ({@link Timestamps#DEFAULT_FORMAT}). Patterns are Java {@link DateTimeFormatter}
 * patterns and must be literals, so they are compiled once.
 */
final class TimeFunctions {

    private TimeFunctions() {}

    static List<Definition> definitions() {
        return List.of(
                Definition.of("date_format", TimeFunctions::dateFormat),
                Definition.of("to_timestamp", TimeFunctions::toTimestamp),
                Definition.of("year", c -> field(c, Timestamps::year)),
                Definition.of("month", c -> field(c, Timestamps::month)),
                Definition.of("day", c -> field(c, Timestamps::dayOfMonth)),
                Definition.of("dayofmonth", c -> field(c, Timestamps::dayOfMonth)),
                Definition.of("hour", c -> field(c, Timestamps::hour)),
                Definition.of("minute", c -> field(c, Timestamps::minute)),
                Definition.of("second", c -> field(c, Timestamps::second)),
                Definition.of("unix_millis", TimeFunctions::unixMillis));
    }

    private static Node dateFormat(Call call) {
        call.arity(2, 2);
        Node timestamp = call.timestamp(0);
        String pattern = call.literalText(1, "a date-time pattern such as 'yyyy-MM-dd'");
        DateTimeFormatter format = formatter(call, pattern);
        try {
            format.format(Instant.EPOCH);
        } catch (DateTimeException e) {
            throw call.error(
                    "the pattern '" + pattern + "' cannot format a timestamp: " + e.getMessage());
        }
        return FunctionNodes.strict(
                SqlType.STRING, timestamp, v -> format(format, ((Number) v).longValue()));
    }

    private static String format(DateTimeFormatter format, long millis) {
        try {
            return format.format(Instant.ofEpochMilli(millis));
        } catch (DateTimeException e) {
            throw EvaluationException.of("cannot format timestamp", millis, e);
        }
    }

    private static DateTimeFormatter formatter(Call call, String pattern) {
        try {
            return Timestamps.pattern(pattern);
        } catch (IllegalArgumentException e) {
            throw call.error(
                    "'" + pattern + "' is not a valid date-time pattern: " + e.getMessage());
        }
    }

    private static Node toTimestamp(Call call) {
        call.arity(1, 2);
        if (call.size() == 1) {
            return call.timestamp(0);
        }
        Node text = call.text(0);
        String pattern = call.literalText(1, "a date-time pattern such as 'yyyy-MM-dd HH:mm:ss'");
        DateTimeFormatter format = formatter(call, pattern);
        return FunctionNodes.strict(
                SqlType.TIMESTAMP, text, v -> Timestamps.parse((String) v, format, pattern));
    }

    private static Node field(Call call, LongUnaryOperator field) {
        call.arity(1, 1);
        return new FunctionNodes.LongToLong(SqlType.INT, call.timestamp(0), field);
    }

    private static Node unixMillis(Call call) {
        call.arity(1, 1);
        Node timestamp = call.timestamp(0);
        return timestamp.type.kind() == Kind.LONG ? timestamp : Cast.of(timestamp, SqlType.LONG);
    }

    /** The function that gives the {@code unit} field (YEAR, MONTH, ...) of EXTRACT, or null. */
    static String extractFunction(String unit) {
        switch (unit.toUpperCase(Locale.ROOT)) {
            case "YEAR":
                return "year";
            case "MONTH":
                return "month";
            case "DAY":
                return "day";
            case "HOUR":
                return "hour";
            case "MINUTE":
                return "minute";
            case "SECOND":
                return "second";
            default:
                return null;
        }
    }
}
