package io.sluice.processor.expr;

import static java.time.temporal.ChronoField.HOUR_OF_DAY;
import static java.time.temporal.ChronoField.INSTANT_SECONDS;
import static java.time.temporal.ChronoField.MINUTE_OF_HOUR;
import static java.time.temporal.ChronoField.NANO_OF_SECOND;
import static java.time.temporal.ChronoField.SECOND_OF_MINUTE;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.chrono.IsoChronology;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;

/**
 * Timestamps holds the time rules of expressions: timestamps are epoch milliseconds in UTC, dates
 * are days since 1970-01-01, and text is read and written in the formats described here.
 */
final class Timestamps {
    static final long MILLIS_PER_DAY = 86_400_000L;

    /** What {@link #parse(String)} accepts, for error messages. */
    static final String DEFAULT_FORMAT = "yyyy-MM-dd[( |T)HH:mm[:ss[.fraction]][offset]]";

    private static final DateTimeFormatter DEFAULT_PARSER =
            new DateTimeFormatterBuilder()
                    .parseCaseInsensitive()
                    .append(DateTimeFormatter.ISO_LOCAL_DATE)
                    .optionalStart()
                    .optionalStart()
                    .appendLiteral(' ')
                    .optionalEnd()
                    .optionalStart()
                    .appendLiteral('T')
                    .optionalEnd()
                    .appendValue(HOUR_OF_DAY, 2)
                    .appendLiteral(':')
                    .appendValue(MINUTE_OF_HOUR, 2)
                    .optionalStart()
                    .appendLiteral(':')
                    .appendValue(SECOND_OF_MINUTE, 2)
                    .optionalStart()
                    .appendFraction(NANO_OF_SECOND, 1, 9, true)
                    .optionalEnd()
                    .optionalEnd()
                    .optionalStart()
                    .appendOffsetId()
                    .optionalEnd()
                    .optionalEnd()
                    .toFormatter(Locale.ROOT)
                    .withChronology(IsoChronology.INSTANCE)
                    .withResolverStyle(ResolverStyle.STRICT);

    private static final DateTimeFormatter SECONDS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss", Locale.ROOT)
                    .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MILLIS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSS", Locale.ROOT)
                    .withZone(ZoneOffset.UTC);

    private Timestamps() {}

    /**
     * The epoch millis of {@code text} in the default format: a date, optionally followed by a
     * time, optionally followed by an offset such as {@code Z} or {@code +05:30}; UTC when there is
     * no offset.
     */
    static long parse(String text) {
        return parse(text, DEFAULT_PARSER, DEFAULT_FORMAT);
    }

    /** The epoch millis of {@code text} read with {@code format}, UTC unless it has a zone. */
    static long parse(String text, DateTimeFormatter format, String formatText) {
        try {
            return toMillis(format.parse(text.trim()));
        } catch (DateTimeException | ArithmeticException e) {
            throw EvaluationException.of(
                    "cannot read a timestamp with pattern '" + formatText + "'", text, e);
        }
    }

    private static long toMillis(TemporalAccessor parsed) {
        if (parsed.isSupported(INSTANT_SECONDS)) {
            return Instant.from(parsed).toEpochMilli();
        }
        if (parsed.isSupported(HOUR_OF_DAY)) {
            return LocalDateTime.from(parsed).toInstant(ZoneOffset.UTC).toEpochMilli();
        }
        return Math.multiplyExact(LocalDate.from(parsed).toEpochDay(), MILLIS_PER_DAY);
    }

    /** The days since the epoch of {@code text} in the default format (a time is dropped). */
    static int parseDate(String text) {
        return (int) Math.floorDiv(parse(text), MILLIS_PER_DAY);
    }

    /** {@code millis} as {@code yyyy-MM-dd HH:mm:ss[.SSS]} in UTC, millis only when not zero. */
    static String format(long millis) {
        Instant instant = Instant.ofEpochMilli(millis);
        return Math.floorMod(millis, 1000L) == 0 ? SECONDS.format(instant) : MILLIS.format(instant);
    }

    /** {@code days} as {@code yyyy-MM-dd}. */
    static String formatDate(int days) {
        return LocalDate.ofEpochDay(days).toString();
    }

    /**
     * The formatter for a user's pattern, in UTC.
     *
     * @throws IllegalArgumentException when the pattern is not valid
     */
    static DateTimeFormatter pattern(String pattern) {
        return DateTimeFormatter.ofPattern(pattern, Locale.ROOT).withZone(ZoneOffset.UTC);
    }

    static int year(long millis) {
        return LocalDate.ofEpochDay(Math.floorDiv(millis, MILLIS_PER_DAY)).getYear();
    }

    static int month(long millis) {
        return LocalDate.ofEpochDay(Math.floorDiv(millis, MILLIS_PER_DAY)).getMonthValue();
    }

    static int dayOfMonth(long millis) {
        return LocalDate.ofEpochDay(Math.floorDiv(millis, MILLIS_PER_DAY)).getDayOfMonth();
    }

    static int hour(long millis) {
        return (int) (Math.floorMod(millis, MILLIS_PER_DAY) / 3_600_000L);
    }

    static int minute(long millis) {
        return (int) (Math.floorMod(millis, 3_600_000L) / 60_000L);
    }

    static int second(long millis) {
        return (int) (Math.floorMod(millis, 60_000L) / 1_000L);
    }
}
