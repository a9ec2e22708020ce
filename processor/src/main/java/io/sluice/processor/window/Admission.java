package io.sluice.processor.window;

/**
 * An admission says whether a record counted in its windows, given the watermark in effect: a
 * record is late for each window that ends at or before the watermark, and counts in the others.
 */
public enum Admission {
    /** The record counted in every window it belongs to. */
    ON_TIME,
    /**
     * The record was late for some of its (sliding) windows and counted in the others; it is
     * reported as late, but its effect is not lost.
     */
    PARTLY_LATE,
    /** The record was late for every window it belongs to and counted nowhere. */
    LATE
}
