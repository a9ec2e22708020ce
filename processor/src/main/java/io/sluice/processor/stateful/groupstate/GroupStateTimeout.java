package io.sluice.processor.stateful.groupstate;

/**
 * What may time a group's state out, as Spark's {@code GroupStateTimeout}: chosen once per step.
 */
public enum GroupStateTimeout {
    /** No timeouts: the function runs for a key only when the key has rows. */
    NO_TIMEOUT,
    /**
     * A key times out once the batch's processing time (the wall clock) reaches what {@link
     * GroupState#setTimeoutDuration} set; a task with such a key due runs a batch without input.
     */
    PROCESSING_TIME,
    /**
     * A key times out once the watermark reaches what {@link GroupState#setTimeoutTimestamp} set;
     * needs a watermark, and makes rows at or behind the watermark late.
     */
    EVENT_TIME
}
