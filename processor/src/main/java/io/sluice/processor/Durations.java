package io.sluice.processor;

import java.time.Duration;

/** Durations as pipeline files write them: {@code 500ms}, {@code 30m}, {@code 7d}. */
public final class Durations {
    private static final long[] UNIT_MILLIS = {86_400_000L, 3_600_000L, 60_000L, 1_000L};
    private static final String[] UNITS = {"d", "h", "m", "s"};

    private Durations() {}

    /**
     * The shortest text in the largest whole unit ({@code 0s}, {@code 250ms}, {@code 90s}, {@code
     * 5m}, {@code 2d}); ISO-8601 when the duration has parts below a millisecond.
     */
    public static String text(Duration duration) {
        long millis = duration.toMillis();
        if (!duration.equals(Duration.ofMillis(millis))) {
            return duration.toString();
        }
        if (millis == 0) {
            return "0s";
        }
        for (int i = 0; i < UNIT_MILLIS.length; i++) {
            if (millis % UNIT_MILLIS[i] == 0) {
                return millis / UNIT_MILLIS[i] + UNITS[i];
            }
        }
        return millis + "ms";
    }
}
