package io.sluice.serdes.internal;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.Optional;

/**
 * Temporal text reads and writes timestamps and dates as strings, in a configured pattern or
 * ISO-8601, interpreting zone-less text in a configured time zone.
 *
 * <p>Without a configured pattern, reading accepts ISO-8601 ({@code 2019-02-05T10:05:00Z}, with an
 * offset, or local, which is then in the time zone) and writing is not text at all: codecs write
 * the number. A pattern given as {@code iso} means ISO-8601 for both reading and writing.
 */
public final class TemporalText {

    private final Optional<DateTimeFormatter> timestampPattern;
    private final Optional<DateTimeFormatter> datePattern;
    private final DateTimeFormatter timestampReader;
    private final DateTimeFormatter dateReader;
    private final ZoneId zone;

    private TemporalText(
            Optional<String> timestampFormat, Optional<String> dateFormat, ZoneId zone) {
        this.zone = zone;
        this.timestampPattern =
                timestampFormat.map(f -> formatter(f, DateTimeFormatter.ISO_INSTANT));
        this.datePattern = dateFormat.map(f -> formatter(f, DateTimeFormatter.ISO_LOCAL_DATE));
        this.timestampReader =
                timestampFormat.isPresent() && !isIso(timestampFormat.get())
                        ? timestampPattern.get()
                        : DateTimeFormatter.ISO_DATE_TIME;
        this.dateReader = datePattern.orElse(DateTimeFormatter.ISO_LOCAL_DATE);
    }

    /**
     * Creates temporal text rules.
     *
     * @throws IllegalArgumentException when a pattern is not a valid {@link DateTimeFormatter}
     *     pattern
     */
    public static TemporalText of(
            Optional<String> timestampFormat, Optional<String> dateFormat, ZoneId zone) {
        return new TemporalText(timestampFormat, dateFormat, zone);
    }

    private static boolean isIso(String format) {
        return format.equalsIgnoreCase("iso");
    }

    private static DateTimeFormatter formatter(String format, DateTimeFormatter iso) {
        if (isIso(format)) {
            return iso;
        }
        try {
            return DateTimeFormatter.ofPattern(format);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "invalid date-time pattern '" + format + "': " + e.getMessage(), e);
        }
    }

    /** Whether timestamps are written as text (a pattern was configured). */
    public boolean writesTimestampText() {
        return timestampPattern.isPresent();
    }

    /** Whether dates are written as text (a pattern was configured). */
    public boolean writesDateText() {
        return datePattern.isPresent();
    }

    /** Parses a timestamp to epoch microseconds. */
    public long parseMicros(String text) {
        Instant instant = parseInstant(text);
        try {
            return Math.addExact(
                    Math.multiplyExact(instant.getEpochSecond(), 1_000_000L),
                    instant.getNano() / 1_000L);
        } catch (ArithmeticException e) {
            throw new FieldFailure("timestamp out of range: '" + TextScalars.excerpt(text) + "'");
        }
    }

    /** Parses a timestamp to epoch milliseconds. */
    public long parseMillis(String text) {
        Instant instant = parseInstant(text);
        try {
            return instant.toEpochMilli();
        } catch (ArithmeticException e) {
            throw new FieldFailure("timestamp out of range: '" + TextScalars.excerpt(text) + "'");
        }
    }

    private Instant parseInstant(String text) {
        try {
            TemporalAccessor parsed = timestampReader.parse(text.trim());
            if (parsed.isSupported(ChronoField.INSTANT_SECONDS)) {
                return Instant.from(parsed);
            }
            LocalDate date = LocalDate.from(parsed);
            LocalTime time =
                    parsed.isSupported(ChronoField.HOUR_OF_DAY)
                            ? LocalTime.from(parsed)
                            : LocalTime.MIDNIGHT;
            return LocalDateTime.of(date, time).atZone(zone).toInstant();
        } catch (DateTimeException e) {
            throw new FieldFailure("invalid timestamp '" + TextScalars.excerpt(text) + "'");
        }
    }

    /** Parses a date to days since the epoch. */
    public int parseDays(String text) {
        try {
            return Math.toIntExact(LocalDate.from(dateReader.parse(text.trim())).toEpochDay());
        } catch (DateTimeException | ArithmeticException e) {
            throw new FieldFailure("invalid date '" + TextScalars.excerpt(text) + "'");
        }
    }

    /** Formats epoch milliseconds with the configured pattern. */
    public String formatMillis(long millis) {
        return formatInstant(Instant.ofEpochMilli(millis));
    }

    /** Formats epoch microseconds with the configured pattern. */
    public String formatMicros(long micros) {
        return formatInstant(
                Instant.ofEpochSecond(
                        Math.floorDiv(micros, 1_000_000L),
                        Math.floorMod(micros, 1_000_000L) * 1_000L));
    }

    private String formatInstant(Instant instant) {
        DateTimeFormatter f = timestampPattern.orElse(DateTimeFormatter.ISO_INSTANT);
        return f == DateTimeFormatter.ISO_INSTANT
                ? f.format(instant)
                : f.format(instant.atZone(zone));
    }

    /** Formats days since the epoch with the configured pattern. */
    public String formatDays(int days) {
        return datePattern
                .orElse(DateTimeFormatter.ISO_LOCAL_DATE)
                .format(LocalDate.ofEpochDay(days));
    }
}
