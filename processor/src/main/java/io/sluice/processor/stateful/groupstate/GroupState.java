package io.sluice.processor.stateful.groupstate;

import java.time.Duration;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * A group state is the handle a group-state function gets for one key's state during one call, as
 * Spark's {@code GroupState}: read it, replace it, remove it, and set when the key times out.
 *
 * <p>Changes take effect when the call returns and commit with the batch. A timeout is not kept
 * from one call to the next: set it again in every call that wants one (Spark's rule). The handle
 * is valid during its call only and must not be kept.
 *
 * @param <S> the state's type
 */
public interface GroupState<S> {

    /** Whether the key has a state (updated in this call, or stored and not removed). */
    boolean exists();

    /**
     * The state.
     *
     * @throws NoSuchElementException when there is none ({@link #exists()} is false)
     */
    S get();

    /** The state, or empty when there is none. */
    Optional<S> getOption();

    /**
     * Replaces the state.
     *
     * @throws IllegalArgumentException when {@code state} is null; use {@link #remove()}
     */
    void update(S state);

    /** Removes the state; a timeout set in this call is still kept, as in Spark. */
    void remove();

    /** Whether this call is the key's timeout: then it has no rows. */
    boolean hasTimedOut();

    /**
     * Times the key out once the processing time passes this batch's plus {@code durationMs}.
     *
     * @throws UnsupportedOperationException unless the step uses {@link
     *     GroupStateTimeout#PROCESSING_TIME}
     * @throws IllegalArgumentException when {@code durationMs} is not positive
     */
    void setTimeoutDuration(long durationMs);

    /** {@link #setTimeoutDuration(long)} with a {@link Duration}. */
    default void setTimeoutDuration(Duration duration) {
        setTimeoutDuration(duration.toMillis());
    }

    /**
     * Times the key out once the watermark reaches {@code timestampMs} (epoch milliseconds).
     *
     * @throws UnsupportedOperationException unless the step uses {@link
     *     GroupStateTimeout#EVENT_TIME}
     * @throws IllegalArgumentException when {@code timestampMs} is not positive or is earlier than
     *     {@link #getCurrentWatermarkMs()}
     */
    void setTimeoutTimestamp(long timestampMs);

    /**
     * The watermark of this call (epoch milliseconds; 0 before the first one is computed): the one
     * in effect for the batch when the key has rows, the batch's new one on a timeout.
     *
     * @throws UnsupportedOperationException when the step has no watermark
     */
    long getCurrentWatermarkMs();

    /** The processing time of the batch (epoch milliseconds), the same for every call in it. */
    long getCurrentProcessingTimeMs();
}
