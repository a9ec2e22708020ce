package io.sluice.bench.e2e;

import java.util.Locale;

/** A Markdown page being written, and how the results pages print their figures. */
final class Markdown {
    static final String DASH = "–";

    private final StringBuilder text = new StringBuilder();

    /** Appends one line: {@code template} formatted with {@code args} (root locale). */
    void line(String template, Object... args) {
        text.append(String.format(Locale.ROOT, template, args)).append('\n');
    }

    /** The page so far. */
    String text() {
        return text.toString();
    }

    /** The median with the minimum and maximum in brackets, each in {@code format}. */
    static String spread(Spread s, String format) {
        if (s.isEmpty()) {
            return DASH;
        }
        return String.format(
                Locale.ROOT,
                format + " (" + format + DASH + format + ")",
                s.median(),
                s.min(),
                s.max());
    }

    static String percents(Spread ratios) {
        return ratios.isEmpty()
                ? DASH
                : percent(ratios.median()) + " (" + percentRange(ratios) + ")";
    }

    static String percentRange(Spread ratios) {
        return String.format(
                Locale.ROOT, "%.0f%s%.0f%%", ratios.min() * 100, DASH, ratios.max() * 100);
    }

    /** A percentage to a tenth: the registry target is 5 points wide. */
    static String precisePercent(double ratio) {
        return Double.isNaN(ratio) ? DASH : String.format(Locale.ROOT, "%.1f%%", ratio * 100);
    }

    static String precisePercentRange(Spread ratios) {
        return ratios.isEmpty()
                ? DASH
                : String.format(
                        Locale.ROOT, "%.1f%s%.1f%%", ratios.min() * 100, DASH, ratios.max() * 100);
    }

    static String percent(double ratio) {
        return Double.isNaN(ratio) ? DASH : String.format(Locale.ROOT, "%.0f%%", ratio * 100);
    }

    static String format(String template, Object... args) {
        return String.format(Locale.ROOT, template, args);
    }

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
