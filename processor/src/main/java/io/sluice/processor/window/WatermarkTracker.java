package io.sluice.processor.window;

import java.time.Duration;

/**
 * A watermark tracker computes a task's event-time watermark from the records of its input
 * partitions: each partition's watermark is the largest event time it has delivered minus the
 * allowed delay, and the task's is the minimum over the partitions that are not idle. It never
 * moves backwards.
 *
 * <p>Call order, once per batch: {@link #effectiveMs()} is the watermark in effect while the batch
 * runs (computed at the end of the previous batch, Structured Streaming's rule); {@link #observe}
 * takes each record's event time; {@link #advance} at the end of the batch computes the next
 * watermark, which is then in effect. After an aborted batch or a restart, {@link #restore} the
 * committed watermark.
 *
 * <p>A partition is idle after delivering nothing for the idle timeout, or, for a tracker {@link
 * #idleByMarkers}, only when told so by {@link #markIdle}: a task that reads its sources through
 * the repartition topic may lag behind what was written there for any length of time, and silence
 * in its own processing time says nothing about the source partitions; the stage that reads them
 * decides, and its word arrives in order with their rows.
 *
 * <p>Partitions are dense int slots given at assignment. Processing time is passed in as monotonic
 * nanoseconds (such as {@code System.nanoTime()}); the tracker reads no clock. Not thread-safe: one
 * task thread drives it.
 */
public final class WatermarkTracker {
    /*
     * Implementation notes: per-record work is one compare and two stores into arrays indexed by
     * slot. Idleness is decided once per batch, in advance(): a partition that delivered records
     * during the batch counts as active at the time advance() is called. Before any record, the
     * watermark is Long.MIN_VALUE, which no window end is at or below, so nothing is late and
     * nothing closes.
     */
    private final long[] delayMs; // per slot: the policy's delay, unless set per slot
    private final long idleTimeoutNanos;
    private final boolean advanceWhenQuiet;
    private final long[] maxEventTimeMs;
    private final long[] lastActiveNanos;
    private final boolean[] activeInBatch;
    private final boolean[] idle;
    private final boolean byMarkers;
    // by markers: told idle since the last record of the slot, as of now and as of the last commit
    private final boolean[] markedIdle;
    private final boolean[] committedMarkedIdle;
    private final long[] markedIdleNanos;
    private long watermarkMs = Long.MIN_VALUE;

    /** Up to when quiet time has been added to the watermark; MIN_VALUE when not quiet. */
    private long quietCreditedUntilNanos = Long.MIN_VALUE;

    /**
     * A tracker for {@code partitions} slots, all active at {@code nowNanos}, with no watermark
     * yet.
     */
    public WatermarkTracker(WatermarkPolicy policy, int partitions, long nowNanos) {
        this(policy, partitions, nowNanos, false);
    }

    /**
     * A tracker whose partitions are idle only when {@link #markIdle marked} so, never by the
     * passing of processing time.
     */
    public static WatermarkTracker idleByMarkers(
            WatermarkPolicy policy, int partitions, long nowNanos) {
        return new WatermarkTracker(policy, partitions, nowNanos, true);
    }

    private WatermarkTracker(
            WatermarkPolicy policy, int partitions, long nowNanos, boolean byMarkers) {
        if (partitions < 0) {
            throw new IllegalArgumentException("partitions must be >= 0, got " + partitions);
        }
        this.delayMs = new long[partitions];
        java.util.Arrays.fill(delayMs, policy.delay().toMillis());
        this.idleTimeoutNanos = saturatedNanos(policy.idleTimeout());
        this.advanceWhenQuiet = policy.advanceWhenQuiet();
        this.maxEventTimeMs = new long[partitions];
        this.lastActiveNanos = new long[partitions];
        this.activeInBatch = new boolean[partitions];
        this.idle = new boolean[partitions];
        this.byMarkers = byMarkers;
        this.markedIdle = new boolean[partitions];
        this.committedMarkedIdle = new boolean[partitions];
        this.markedIdleNanos = new long[partitions];
        reset(nowNanos);
    }

    /**
     * Gives the partition in {@code slot} its own allowed delay instead of the policy's: the
     * partitions of a stream-stream join's second stream follow that stream's watermark.
     */
    public void delay(int slot, Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException(
                    "the watermark delay must not be negative, got " + delay);
        }
        delayMs[slot] = delay.toMillis();
    }

    /** Takes the event time of one record from the partition in {@code slot}. */
    public void observe(int slot, long eventTimeMs) {
        activeInBatch[slot] = true;
        markedIdle[slot] = false;
        if (eventTimeMs > maxEventTimeMs[slot]) {
            maxEventTimeMs[slot] = eventTimeMs;
        }
    }

    /**
     * Marks the partition in {@code slot} active in this batch without an event time (it delivered
     * records that had none, or that failed to decode).
     */
    public void markActive(int slot) {
        activeInBatch[slot] = true;
        markedIdle[slot] = false;
    }

    /**
     * Marks the partition in {@code slot} idle from {@code nowNanos} until it next delivers a
     * record; for a tracker {@link #idleByMarkers}, the only way a partition becomes idle.
     */
    public void markIdle(int slot, long nowNanos) {
        if (!markedIdle[slot]) {
            markedIdle[slot] = true;
            markedIdleNanos[slot] = nowNanos;
        }
        activeInBatch[slot] = false;
    }

    /** The batch committed: the idle marks it read survive a later {@link #restore}. */
    public void committed() {
        System.arraycopy(markedIdle, 0, committedMarkedIdle, 0, markedIdle.length);
    }

    /**
     * The watermark in effect for the current batch, in epoch milliseconds: records are late for
     * windows that end at or before it. {@code Long.MIN_VALUE} until a watermark was computed.
     */
    public long effectiveMs() {
        return watermarkMs;
    }

    /**
     * Ends the batch at {@code nowNanos}: decides which partitions are idle and computes the next
     * watermark, which becomes {@link #effectiveMs()} and is returned. A partition that has not
     * delivered an event time yet and is not idle holds the watermark where it is.
     */
    public long advance(long nowNanos) {
        return next(nowNanos, true);
    }

    /**
     * The watermark {@link #advance} would compute at {@code nowNanos} if no further record came,
     * without changing anything: tells whether a quiet task's watermark would move.
     */
    public long projectedMs(long nowNanos) {
        return next(nowNanos, false);
    }

    private long next(long nowNanos, boolean apply) {
        long candidate = Long.MAX_VALUE;
        boolean anyActive = false;
        long lastGoneIdleNanos = Long.MIN_VALUE;
        for (int slot = 0; slot < maxEventTimeMs.length; slot++) {
            long lastActive = activeInBatch[slot] ? nowNanos : lastActiveNanos[slot];
            // Differences, not comparisons, of nanoTime values stay right across its wrap-around.
            boolean isIdle =
                    byMarkers ? markedIdle[slot] : nowNanos - lastActive >= idleTimeoutNanos;
            if (apply) {
                lastActiveNanos[slot] = lastActive;
                activeInBatch[slot] = false;
                idle[slot] = isIdle;
            }
            if (isIdle) {
                long goneIdle = byMarkers ? markedIdleNanos[slot] : lastActive + idleTimeoutNanos;
                lastGoneIdleNanos = Math.max(lastGoneIdleNanos, goneIdle);
            } else {
                anyActive = true;
                candidate = Math.min(candidate, partitionWatermark(slot));
            }
        }
        long next = watermarkMs;
        long creditedUntil = quietCreditedUntilNanos;
        if (anyActive) {
            creditedUntil = Long.MIN_VALUE;
            next = Math.max(next, candidate);
        } else if (advanceWhenQuiet && next != Long.MIN_VALUE) {
            long fromNanos = Math.max(lastGoneIdleNanos, creditedUntil);
            if (nowNanos > fromNanos) {
                long elapsedMs = (nowNanos - fromNanos) / 1_000_000;
                // Credit whole milliseconds only, so the remainder counts towards the next batch.
                creditedUntil = fromNanos + elapsedMs * 1_000_000;
                next = saturatedAdd(next, elapsedMs);
            }
        }
        if (apply) {
            quietCreditedUntilNanos = creditedUntil;
            watermarkMs = next;
        }
        return next;
    }

    /**
     * Sets the watermark to a committed value (from the offsets' metadata after a restart, or the
     * last committed one after an aborted batch) and forgets what partitions delivered since: they
     * are all active at {@code nowNanos} with no event time yet, but for those marked idle as of
     * the last {@link #committed}. A restored watermark is in effect at once.
     */
    public void restore(long watermarkMs, long nowNanos) {
        reset(nowNanos);
        this.watermarkMs = watermarkMs;
        for (int slot = 0; slot < markedIdle.length; slot++) {
            if (committedMarkedIdle[slot]) {
                markedIdle[slot] = true;
                markedIdleNanos[slot] = nowNanos;
            }
        }
    }

    /** Whether the partition in {@code slot} was idle at the last {@link #advance}. */
    public boolean isIdle(int slot) {
        return idle[slot];
    }

    /** The number of partition slots. */
    public int partitions() {
        return maxEventTimeMs.length;
    }

    private long partitionWatermark(int slot) {
        long max = maxEventTimeMs[slot];
        long delay = delayMs[slot];
        return max < Long.MIN_VALUE + delay ? Long.MIN_VALUE : max - delay;
    }

    private void reset(long nowNanos) {
        for (int slot = 0; slot < maxEventTimeMs.length; slot++) {
            maxEventTimeMs[slot] = Long.MIN_VALUE;
            lastActiveNanos[slot] = nowNanos;
            activeInBatch[slot] = false;
            idle[slot] = false;
            markedIdle[slot] = false;
        }
        quietCreditedUntilNanos = Long.MIN_VALUE;
    }

    private static long saturatedNanos(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        if (((a ^ sum) & (b ^ sum)) < 0) {
            return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return sum;
    }
}
