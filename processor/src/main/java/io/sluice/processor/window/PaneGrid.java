package io.sluice.processor.window;

/**
 * A pane grid cuts the time line of a sliding window spec into panes of {@code gcd(size, slide)},
 * aligned to the epoch: every window is a run of whole consecutive panes, so a record belongs to
 * exactly one pane and a window's value is the combination of its panes.
 *
 * <p>Windows are numbered: window {@code k} is {@code [k * slide, k * slide + size)}. Times near
 * {@code Long.MIN_VALUE} (no watermark yet) saturate to a window number far before any event.
 */
final class PaneGrid {
    private final long paneMs;
    private final long sizeMs;
    private final long slideMs;

    /** The grid of {@code spec}: panes of the greatest common divisor of size and slide. */
    PaneGrid(WindowSpec.Sliding spec) {
        this.sizeMs = spec.size().toMillis();
        this.slideMs = spec.slide().toMillis();
        this.paneMs = gcd(sizeMs, slideMs);
    }

    long paneMs() {
        return paneMs;
    }

    /** The start of the pane holding {@code timeMs}. */
    long paneStart(long timeMs) {
        return timeMs - Math.floorMod(timeMs, paneMs);
    }

    /** The number of the first (earliest) window containing the pane starting at {@code pane}. */
    long firstWindow(long pane) {
        // The smallest k with k * slide + size >= pane + paneMs.
        return -Math.floorDiv(sizeMs - paneMs - pane, slideMs);
    }

    /** The number of the last window containing the pane starting at {@code pane}. */
    long lastWindow(long pane) {
        return Math.floorDiv(pane, slideMs);
    }

    long windowStart(long window) {
        return window * slideMs;
    }

    long windowEnd(long window) {
        return window * slideMs + sizeMs;
    }

    /** The number of the first window that ends after {@code timeMs}. */
    long firstWindowEndingAfter(long timeMs) {
        return lastWindowEndingAtOrBefore(timeMs) + 1;
    }

    /** The number of the last window that ends at or before {@code timeMs}. */
    long lastWindowEndingAtOrBefore(long timeMs) {
        if (timeMs < Long.MIN_VALUE / 2) {
            return Long.MIN_VALUE / 2 / slideMs;
        }
        return Math.floorDiv(timeMs - sizeMs, slideMs);
    }

    /**
     * The end of the panes that no open window needs once the watermark is {@code watermarkMs}: a
     * pane can go when the last window containing it ends at or before the watermark, which holds
     * exactly for the panes that end at or before the returned time.
     */
    long evictableUntil(long watermarkMs) {
        return windowStart(lastWindowEndingAtOrBefore(watermarkMs) + 1);
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long r = a % b;
            a = b;
            b = r;
        }
        return a;
    }
}
