package io.sluice.processor.window;

import java.util.Objects;

/**
 * A late record is an input row that was late for at least one of its windows, and whether it still
 * counted in others ({@link Admission#PARTLY_LATE}) or nowhere ({@link Admission#LATE}).
 */
public record LateRecord(EventRow record, Admission admission) {
    public LateRecord {
        Objects.requireNonNull(record, "record");
        if (admission == Admission.ON_TIME) {
            throw new IllegalArgumentException("an on-time record is not late");
        }
    }
}
