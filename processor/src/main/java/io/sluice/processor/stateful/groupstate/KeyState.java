package io.sluice.processor.stateful.groupstate;

import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * The group state of one key during one call, with Spark's rules for what may be called when; the
 * operator reads the outcome ({@link #state()}, {@link #isChanged()}, the timeout) after the call.
 *
 * <p>The timeout starts unset in every call: a key keeps a timeout only if the call sets one.
 */
final class KeyState<S> implements GroupState<S> {
    private final GroupStateTimeout timeoutConf;
    private final long processingTimeMs;
    private final boolean watermarkPresent;
    private final long watermarkMs;
    private final boolean timedOut;
    private S value; // null when absent
    private boolean changed;
    private boolean hasTimeout;
    private long timeoutMs;

    /**
     * @param stored the state before the call, or null
     * @param watermarkMs the watermark of the call; ignored unless {@code watermarkPresent}
     */
    KeyState(
            S stored,
            GroupStateTimeout timeoutConf,
            long processingTimeMs,
            boolean watermarkPresent,
            long watermarkMs,
            boolean timedOut) {
        this.value = stored;
        this.timeoutConf = timeoutConf;
        this.processingTimeMs = processingTimeMs;
        this.watermarkPresent = watermarkPresent;
        this.watermarkMs = watermarkMs == Long.MIN_VALUE ? 0 : watermarkMs;
        this.timedOut = timedOut;
    }

    @Override
    public boolean exists() {
        return value != null;
    }

    @Override
    public S get() {
        if (value == null) {
            throw new NoSuchElementException(
                    "the key has no state: it was never set or was removed; check exists() first");
        }
        return value;
    }

    @Override
    public Optional<S> getOption() {
        return Optional.ofNullable(value);
    }

    @Override
    public void update(S state) {
        if (state == null) {
            throw new IllegalArgumentException(
                    "null is not a valid state; call remove() to drop the key's state");
        }
        value = state;
        changed = true;
    }

    @Override
    public void remove() {
        value = null;
        changed = true;
    }

    @Override
    public boolean hasTimedOut() {
        return timedOut;
    }

    @Override
    public void setTimeoutDuration(long durationMs) {
        if (timeoutConf != GroupStateTimeout.PROCESSING_TIME) {
            throw new UnsupportedOperationException(
                    "cannot set a timeout duration with "
                            + timeoutConf
                            + "; build the step with GroupStateTimeout.PROCESSING_TIME");
        }
        if (durationMs <= 0) {
            throw new IllegalArgumentException(
                    "a timeout duration must be positive, got " + durationMs + " ms");
        }
        hasTimeout = true;
        timeoutMs = Math.addExact(processingTimeMs, durationMs);
    }

    @Override
    public void setTimeoutTimestamp(long timestampMs) {
        if (timeoutConf != GroupStateTimeout.EVENT_TIME) {
            throw new UnsupportedOperationException(
                    "cannot set a timeout timestamp with "
                            + timeoutConf
                            + "; build the step with GroupStateTimeout.EVENT_TIME");
        }
        if (timestampMs <= 0) {
            throw new IllegalArgumentException(
                    "a timeout timestamp must be positive, got " + timestampMs);
        }
        if (watermarkPresent && timestampMs < watermarkMs) {
            throw new IllegalArgumentException(
                    String.format(
                            "the timeout timestamp %d is earlier than the current watermark %d;"
                                    + " set one at or after it",
                            timestampMs, watermarkMs));
        }
        hasTimeout = true;
        timeoutMs = timestampMs;
    }

    @Override
    public long getCurrentWatermarkMs() {
        if (!watermarkPresent) {
            throw new UnsupportedOperationException(
                    "the step has no watermark; give its stage a watermark delay");
        }
        return watermarkMs;
    }

    @Override
    public long getCurrentProcessingTimeMs() {
        return processingTimeMs;
    }

    /** The state after the call, or null when there is none. */
    S state() {
        return value;
    }

    /** Whether the call updated or removed the state. */
    boolean isChanged() {
        return changed;
    }

    /** Whether the call set a timeout. */
    boolean hasTimeout() {
        return hasTimeout;
    }

    /**
     * The timeout the call set (epoch milliseconds); meaningful only with {@link #hasTimeout()}.
     */
    long timeoutMs() {
        return timeoutMs;
    }
}
