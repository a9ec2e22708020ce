package io.sluice.processor.api;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An event-time window of an aggregation: tumbling, sliding or session, as a pipeline file's {@code
 * window} key. The compiler checks the durations (positive, whole milliseconds, a slide at most the
 * size).
 */
public final class Window {
    private final Map<String, Object> section;

    private Window(Map<String, Object> section) {
        this.section = section;
    }

    /** Consecutive windows of {@code size}, aligned to the epoch. */
    public static Window tumbling(Duration size) {
        return of("tumbling", "size", size);
    }

    /** Windows of {@code size} starting every {@code slide}; a row counts in each that holds it. */
    public static Window sliding(Duration size, Duration slide) {
        Window window = of("sliding", "size", size);
        window.section.put("slide", FileValues.duration(slide));
        return window;
    }

    /** A group's rows at most {@code gap} apart form one session. */
    public static Window session(Duration gap) {
        return of("session", "gap", gap);
    }

    /**
     * This session window, retracting (when {@code retract}) the rows of sessions that merge, as
     * the file's {@code retractMerged}: in update mode, each replaced session's row is followed by
     * a tombstone under its sink key before the merged row. The default is on exactly when the
     * output is update mode and the sink has a key; {@code build()} refuses it for other windows
     * and modes, and for sinks without a key other than the console.
     */
    public Window retractMerged(boolean retract) {
        Window copy = new Window(section());
        copy.section.put("retractMerged", retract);
        return copy;
    }

    private static Window of(String type, String key, Duration duration) {
        Objects.requireNonNull(duration, key);
        Map<String, Object> section = new LinkedHashMap<>();
        section.put("type", type);
        section.put(key, FileValues.duration(duration));
        return new Window(section);
    }

    /** The {@code window} value of a pipeline file. */
    Map<String, Object> section() {
        return new LinkedHashMap<>(section);
    }
}
