package io.sluice.processor.pipeline;

import io.sluice.processor.Durations;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Duration text is how pipeline files write durations: a whole number with a unit ({@code 500ms},
 * {@code 1s}, {@code 30m}, {@code 1h}, {@code 2d}) or ISO-8601 ({@code PT30M}).
 */
final class DurationText {

    /** What the text may look like, for error messages. */
    static final String EXPECTED = "a duration such as 500ms, 1s, 30m, 1h, 2d or PT30M";

    private static final Pattern SHORT = Pattern.compile("(\\d{1,12})\\s*(ms|s|m|h|d)");

    private DurationText() {}

    /**
     * Parses duration text.
     *
     * @throws IllegalArgumentException when the text is neither form, or the duration is negative
     */
    static Duration parse(String text) {
        String trimmed = text.trim();
        Matcher m = SHORT.matcher(trimmed);
        if (m.matches()) {
            long amount = Long.parseLong(m.group(1));
            switch (m.group(2)) {
                case "ms":
                    return Duration.ofMillis(amount);
                case "s":
                    return Duration.ofSeconds(amount);
                case "m":
                    return Duration.ofMinutes(amount);
                case "h":
                    return Duration.ofHours(amount);
                default:
                    return Duration.ofDays(amount);
            }
        }
        try {
            Duration parsed = Duration.parse(trimmed);
            if (parsed.isNegative()) {
                throw new IllegalArgumentException("a negative duration");
            }
            return parsed;
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not a duration", e);
        }
    }

    /** The shortest text {@link #parse} reads back as {@code duration}, such as {@code 30m}. */
    static String format(Duration duration) {
        return Durations.text(duration);
    }
}
