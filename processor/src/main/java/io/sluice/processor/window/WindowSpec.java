package io.sluice.processor.window;

import java.time.Duration;
import java.util.Objects;

/**
 * A window spec says which event-time windows a record belongs to: tumbling, sliding (hopping) or
 * session windows, or the one global window of an aggregation without a window. Windows are
 * half-open, {@code [start, end)}, in epoch milliseconds, and fixed windows are aligned to the
 * epoch.
 *
 * <p>{@link #windowStarts} is the per-record entry point: it fills a caller-owned array and
 * allocates nothing. For a session spec it gives the record's own window {@code [t, t + gap)},
 * which {@link Session#merge} then merges with the key's other sessions.
 */
public sealed interface WindowSpec
        permits WindowSpec.Tumbling, WindowSpec.Sliding, WindowSpec.Session, WindowSpec.Global {

    /** The most windows one record can belong to: the length {@link #windowStarts} needs. */
    int maxWindowsPerRecord();

    /**
     * Writes the starts of the windows containing {@code eventTimeMs} into {@code starts}, in
     * ascending order, and returns how many there are.
     *
     * @throws ArrayIndexOutOfBoundsException when {@code starts} is shorter than {@link
     *     #maxWindowsPerRecord()}
     */
    int windowStarts(long eventTimeMs, long[] starts);

    /** The end (exclusive) of the window that starts at {@code startMs}, before any merging. */
    long windowEnd(long startMs);

    /**
     * Tumbling windows: consecutive windows of one size, {@code [k * size, (k + 1) * size)}.
     *
     * @param size the length of a window, at least a millisecond, in whole milliseconds
     */
    record Tumbling(Duration size) implements WindowSpec {
        public Tumbling {
            positiveMillis("size", size);
        }

        @Override
        public int maxWindowsPerRecord() {
            return 1;
        }

        @Override
        public int windowStarts(long eventTimeMs, long[] starts) {
            long sizeMs = size.toMillis();
            starts[0] = eventTimeMs - Math.floorMod(eventTimeMs, sizeMs);
            return 1;
        }

        @Override
        public long windowEnd(long startMs) {
            return startMs + size.toMillis();
        }
    }

    /**
     * Sliding windows: windows of one size starting every {@code slide}, {@code [k * slide, k *
     * slide + size)}; a record belongs to every such window that contains it. The size need not be
     * a multiple of the slide.
     *
     * @param size the length of a window, in whole milliseconds
     * @param slide the distance between window starts, at most {@code size}
     */
    record Sliding(Duration size, Duration slide) implements WindowSpec {
        public Sliding {
            positiveMillis("size", size);
            positiveMillis("slide", slide);
            if (slide.compareTo(size) > 0) {
                throw new IllegalArgumentException(
                        "the slide ("
                                + slide
                                + ") must not exceed the size ("
                                + size
                                + "); for gaps between windows filter the records instead");
            }
        }

        @Override
        public int maxWindowsPerRecord() {
            long sizeMs = size.toMillis();
            long slideMs = slide.toMillis();
            return Math.toIntExact((sizeMs + slideMs - 1) / slideMs);
        }

        @Override
        public int windowStarts(long eventTimeMs, long[] starts) {
            long sizeMs = size.toMillis();
            long slideMs = slide.toMillis();
            long last = eventTimeMs - Math.floorMod(eventTimeMs, slideMs);
            // Starts s = k * slide with eventTime - size < s <= last.
            int count = (int) ((last - (eventTimeMs - sizeMs) - 1) / slideMs) + 1;
            long start = last - (long) (count - 1) * slideMs;
            for (int i = 0; i < count; i++) {
                starts[i] = start;
                start += slideMs;
            }
            return count;
        }

        @Override
        public long windowEnd(long startMs) {
            return startMs + size.toMillis();
        }
    }

    /**
     * Session windows: a record opens the window {@code [t, t + gap)}, and windows of one key that
     * overlap or touch merge into one session, which ends {@code gap} after its last record.
     *
     * @param gap how long a session stays open after a record, in whole milliseconds
     */
    record Session(Duration gap) implements WindowSpec {
        public Session {
            positiveMillis("gap", gap);
        }

        @Override
        public int maxWindowsPerRecord() {
            return 1;
        }

        @Override
        public int windowStarts(long eventTimeMs, long[] starts) {
            starts[0] = eventTimeMs;
            return 1;
        }

        @Override
        public long windowEnd(long startMs) {
            return startMs + gap.toMillis();
        }

        /**
         * The session a record at {@code eventTimeMs} belongs to, given the key's existing sessions
         * (in any order, not overlapping each other): its own window merged with every session it
         * overlaps or touches, and those sessions, which the merged one replaces. A record that
         * bridges two sessions merges them.
         */
        public SessionMerge merge(Iterable<TimeWindow> sessions, long eventTimeMs) {
            return SessionMerge.of(sessions, new TimeWindow(eventTimeMs, windowEnd(eventTimeMs)));
        }
    }

    /**
     * No window: every record belongs to the one window {@code [Long.MIN_VALUE, Long.MAX_VALUE)},
     * so an aggregation keeps one state per group (Structured Streaming's aggregation without a
     * window). The watermark never closes it: nothing is late for it and nothing is evicted, and
     * its rows carry no window columns.
     */
    record Global() implements WindowSpec {
        /** The start of the global window. */
        public static final long START_MS = Long.MIN_VALUE;

        /** The end of the global window, which no watermark reaches. */
        public static final long END_MS = Long.MAX_VALUE;

        @Override
        public int maxWindowsPerRecord() {
            return 1;
        }

        @Override
        public int windowStarts(long eventTimeMs, long[] starts) {
            starts[0] = START_MS;
            return 1;
        }

        @Override
        public long windowEnd(long startMs) {
            return END_MS;
        }
    }

    private static void positiveMillis(String name, Duration duration) {
        Objects.requireNonNull(duration, name);
        if (duration.toMillis() <= 0 || duration.toNanos() % 1_000_000 != 0) {
            throw new IllegalArgumentException(
                    "the window "
                            + name
                            + " must be a positive whole number of milliseconds, got "
                            + duration);
        }
    }
}
