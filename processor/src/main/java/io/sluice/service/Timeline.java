package io.sluice.service;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The dashboard's history: one sample per tick of input rate (offsets added to the owned partitions
 * per second), processing rate (input records committed per second), lag, watermark delay and the
 * last batch's duration, for the last {@code capacity} ticks.
 *
 * <p>{@link #sample} is called by one timer thread; {@link #samples} from any thread.
 */
public final class Timeline {
    private final int capacity;
    private final Deque<Sample> samples = new ArrayDeque<>();
    private long lastAtMs = -1;
    private long lastEndOffsets;
    private long lastRecordsIn;
    private long lastOwnershipChanges;

    public Timeline(int capacity) {
        this.capacity = capacity;
    }

    /**
     * One point of the timeline.
     *
     * @param atMs wall-clock time of the sample
     * @param inputRate offsets appended to the owned partitions per second since the last sample
     * @param processingRate input records committed per second since the last sample
     * @param lag offsets not yet committed
     * @param watermarkDelaySeconds wall clock minus the watermark; null without a watermark
     * @param batchDurationMs the last committed batch's duration; null before the first
     * @param batches batches committed so far
     */
    public record Sample(
            long atMs,
            double inputRate,
            double processingRate,
            long lag,
            Double watermarkDelaySeconds,
            Long batchDurationMs,
            long batches) {}

    /** Takes a sample of {@code status} at {@code nowMs}; the first one only sets the baseline. */
    public synchronized void sample(InstanceStatus status, long nowMs) {
        long endOffsets = status.endOffsetSum();
        long recordsIn = status.recordsIn();
        long ownershipChanges = status.ownershipChanges();
        if (lastAtMs >= 0 && nowMs > lastAtMs) {
            double seconds = (nowMs - lastAtMs) / 1000.0;
            // after a rebalance the owned partitions' sum jumps with no new input: rate unknown
            double input =
                    ownershipChanges == lastOwnershipChanges
                            ? Math.max(0, endOffsets - lastEndOffsets) / seconds
                            : 0;
            double processing = Math.max(0, recordsIn - lastRecordsIn) / seconds;
            long watermark = status.watermarkMs();
            long duration = status.lastBatchDurationMs();
            samples.addLast(
                    new Sample(
                            nowMs,
                            input,
                            processing,
                            status.lag(),
                            watermark == Long.MIN_VALUE ? null : (nowMs - watermark) / 1000.0,
                            duration < 0 ? null : duration,
                            status.committedBatches()));
            while (samples.size() > capacity) {
                samples.removeFirst();
            }
        }
        lastAtMs = nowMs;
        lastEndOffsets = endOffsets;
        lastRecordsIn = recordsIn;
        lastOwnershipChanges = ownershipChanges;
    }

    /** The samples, oldest first. */
    public synchronized List<Sample> samples() {
        return new ArrayList<>(samples);
    }

    /** The newest sample, or null before the second tick. */
    public synchronized Sample latest() {
        return samples.peekLast();
    }
}
