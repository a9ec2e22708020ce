package io.sluice.service;

import io.sluice.processor.DependencyUnavailableException;
import io.sluice.processor.StateCorruptedException;
import io.sluice.processor.batch.OffsetRange;
import io.sluice.processor.engine.BatchCounters;
import io.sluice.processor.engine.CommittedBatch;
import io.sluice.processor.engine.EngineListener;
import io.sluice.processor.engine.PipelineRunner;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;

/**
 * What one instance is doing, kept from the engine's listener calls for {@code /status}, the
 * dashboard and the console status line: owned partitions with their offsets, lag, watermark and
 * state size, the last batches, the totals and the last error.
 *
 * <p>Listener calls come from the batch thread and reads from HTTP and timer threads; every method
 * holds the instance's lock, which is taken at most once per batch by the engine.
 */
public final class InstanceStatus implements EngineListener {
    /** How many committed batches {@code /status} lists. */
    static final int RECENT_BATCHES = 30;

    private final String pipeline;
    private final String instance;
    private final Clock clock;
    private final long startedAtMs;
    private final Map<TopicPartition, PartitionState> partitions =
            new TreeMap<>(
                    Comparator.comparing(TopicPartition::topic)
                            .thenComparingInt(TopicPartition::partition));
    private final Map<TopicPartition, StatusReport.Restore> restores =
            new TreeMap<>(
                    Comparator.comparing(TopicPartition::topic)
                            .thenComparingInt(TopicPartition::partition));
    private final Map<TopicPartition, StatusReport.Standby> standbys =
            new TreeMap<>(
                    Comparator.comparing(TopicPartition::topic)
                            .thenComparingInt(TopicPartition::partition));
    private final Deque<StatusReport.Batch> recent = new ArrayDeque<>();
    private final long[] totals = new long[7];
    private long committedBatches;
    private long abortedBatches;
    private long stateRecoveries;
    private long ownershipChanges;
    private boolean assigned;
    private String state = "starting";
    private StatusReport.Error lastError;
    private int failedAttempts; // of the batch in flight, in a row, not counting outages
    private int outageAttempts; // of those, the ones that failed on a service that is down
    private StatusReport.Outage outage; // a service batches wait for, until one commits
    private boolean ingesterStopped; // the source's ingester gave up: only a restart resumes it

    public InstanceStatus(String pipeline, String instance, Clock clock) {
        this.pipeline = pipeline;
        this.instance = instance;
        this.clock = clock;
        this.startedAtMs = clock.millis();
    }

    /**
     * How many attempts in a row a batch may fail before the instance stops being live: with the
     * retry backoff (up to 10 s by default) about a minute of trying, long enough to ride out a
     * broker restart, short enough that an orchestrator restarts a wedged instance soon.
     */
    public static final int MAX_FAILED_ATTEMPTS = 10;

    /**
     * Live: no batch has failed {@link #MAX_FAILED_ATTEMPTS} attempts in a row, and the ingester of
     * a file, rate or socket source has not stopped on an error (a restart starts it again).
     * Attempts that failed because a service other than Kafka is down (the schema registry) do not
     * count: a restart would not bring it back, and the batch goes on when it is back.
     */
    public synchronized boolean isLive() {
        return failedAttempts < MAX_FAILED_ATTEMPTS && !ingesterStopped;
    }

    /** The last error's message, or "none". */
    public synchronized String lastErrorMessage() {
        return lastError == null ? "none" : lastError.message();
    }

    /**
     * Ready: partitions were assigned at least once, no task of this instance is restoring its
     * state, no batch waits for a service that is down, and the run goes on.
     */
    public synchronized boolean isReady() {
        return assigned && restores.isEmpty() && outage == null && "running".equals(state);
    }

    /** The service batches wait for, if one is down. */
    public synchronized Optional<StatusReport.Outage> outage() {
        return Optional.ofNullable(outage);
    }

    /** The number of batches committed so far. */
    public synchronized long committedBatches() {
        return committedBatches;
    }

    /** Input records of every committed batch so far. */
    public synchronized long recordsIn() {
        return totals[0];
    }

    /** The id of the last committed batch, or -1. */
    public synchronized long lastBatchId() {
        return recent.isEmpty() ? -1 : recent.peekFirst().batchId();
    }

    /** The sum over owned partitions of the offset batches may read up to, as last planned. */
    public synchronized long endOffsetSum() {
        long sum = 0;
        for (PartitionState p : partitions.values()) {
            sum += Math.max(0, p.endOffset);
        }
        return sum;
    }

    /**
     * A number that changes whenever a partition is revoked or its end offset becomes known, so
     * that {@link #endOffsetSum()} jumps without any new input.
     */
    public synchronized long ownershipChanges() {
        return ownershipChanges;
    }

    /** Offsets not yet committed, over every owned partition. */
    public synchronized long lag() {
        long sum = 0;
        for (PartitionState p : partitions.values()) {
            sum += p.lag();
        }
        return sum;
    }

    /** The lowest watermark of the owned partitions (event time, ms), or MIN_VALUE if none. */
    public synchronized long watermarkMs() {
        long min = Long.MAX_VALUE;
        for (PartitionState p : partitions.values()) {
            if (p.watermarkMs != Long.MIN_VALUE) {
                min = Math.min(min, p.watermarkMs);
            }
        }
        return min == Long.MAX_VALUE ? Long.MIN_VALUE : min;
    }

    /** The duration of the last committed batch in ms, or -1. */
    public synchronized long lastBatchDurationMs() {
        return recent.isEmpty() ? -1 : recent.peekFirst().durationMs();
    }

    /** A copy of everything, for {@code /status}. */
    public synchronized StatusReport report() {
        List<StatusReport.Partition> rows = new ArrayList<>();
        partitions.forEach((tp, p) -> rows.add(p.row(tp)));
        long watermark = watermarkMs();
        return new StatusReport(
                pipeline,
                instance,
                state,
                isReady(),
                StatusReport.iso(startedAtMs),
                committedBatches,
                abortedBatches,
                stateRecoveries,
                new StatusReport.Totals(
                        totals[0], totals[1], totals[2], totals[3], totals[4], totals[5],
                        totals[6]),
                lag(),
                watermark == Long.MIN_VALUE ? null : StatusReport.iso(watermark),
                rows,
                new ArrayList<>(recent),
                new ArrayList<>(restores.values()),
                new ArrayList<>(standbys.values()),
                lastError,
                outage);
    }

    @Override
    public synchronized void partitionsAssigned(Collection<TopicPartition> assignedPartitions) {
        for (TopicPartition partition : assignedPartitions) {
            partitions.putIfAbsent(partition, new PartitionState());
        }
        assigned = true;
        if ("starting".equals(state)) {
            state = "running";
        }
    }

    @Override
    public synchronized void partitionsRevoked(Collection<TopicPartition> revoked) {
        revoked.forEach(partitions::remove);
        revoked.forEach(restores::remove);
        ownershipChanges++;
    }

    @Override
    public synchronized void restoring(TopicPartition partition, long restored, long total) {
        restores.put(
                partition,
                new StatusReport.Restore(
                        partition.topic(), partition.partition(), restored, total));
    }

    @Override
    public synchronized void restored(TopicPartition partition) {
        restores.remove(partition);
    }

    @Override
    public synchronized void standbyLag(TopicPartition partition, OptionalLong lagRecords) {
        standbys.put(
                partition,
                new StatusReport.Standby(
                        partition.topic(),
                        partition.partition(),
                        lagRecords.isPresent() ? lagRecords.getAsLong() : null));
    }

    @Override
    public synchronized void standbyClosed(TopicPartition partition) {
        standbys.remove(partition);
    }

    @Override
    public synchronized void stateCorrupted(
            TopicPartition partition, StateCorruptedException cause) {
        stateRecoveries++;
        lastError =
                new StatusReport.Error(
                        StatusReport.iso(clock.millis()),
                        "the local state of "
                                + partition
                                + " was wiped to be restored from its changelogs: "
                                + describe(cause));
    }

    @Override
    public synchronized void offsetsPlanned(
            Map<TopicPartition, Long> nextOffsets, Map<TopicPartition, Long> endOffsets) {
        nextOffsets.forEach(
                (partition, next) -> {
                    PartitionState p = partitions.get(partition);
                    Long end = endOffsets.get(partition);
                    if (p != null) {
                        if (p.endOffset < 0 && end != null) {
                            ownershipChanges++;
                        }
                        p.committedOffset = next;
                        p.endOffset = end == null ? -1 : end;
                    }
                });
    }

    @Override
    public synchronized void batchCommitted(CommittedBatch batch) {
        BatchCounters c = batch.counts();
        long[] counts = {
            c.in(), c.out(), c.emitting(), c.filtered(), c.deadLettered(), c.skipped(), c.late()
        };
        for (int i = 0; i < counts.length; i++) {
            totals[i] += counts[i];
        }
        committedBatches++;
        failedAttempts = 0;
        outageAttempts = 0;
        outage = null;
        List<StatusReport.Range> ranges = new ArrayList<>();
        for (OffsetRange range : batch.ranges()) {
            ranges.add(
                    new StatusReport.Range(
                            range.partition().topic(),
                            range.partition().partition(),
                            range.fromOffset(),
                            range.untilOffset()));
            PartitionState p = partitions.get(range.partition());
            if (p != null) {
                p.lastRange = range;
                p.committedOffset = Math.max(p.committedOffset, range.untilOffset());
            }
        }
        batch.watermarks()
                .forEach(
                        (partition, watermark) -> {
                            PartitionState p = partitions.get(partition);
                            if (p != null) {
                                p.watermarkMs = watermark;
                            }
                        });
        batch.stateSizes()
                .forEach(
                        (partition, size) -> {
                            PartitionState p = partitions.get(partition);
                            if (p != null) {
                                p.stateSize = size;
                            }
                        });
        recent.addFirst(
                new StatusReport.Batch(
                        batch.batchId(),
                        StatusReport.iso(batch.committedAt().toEpochMilli()),
                        batch.duration().toMillis(),
                        batch.commitLatency().toMillis(),
                        c.in(),
                        c.out(),
                        c.filtered(),
                        c.deadLettered(),
                        c.skipped(),
                        c.late(),
                        ranges));
        while (recent.size() > RECENT_BATCHES) {
            recent.removeLast();
        }
    }

    @Override
    public synchronized void batchAborted(long batchId, Exception cause) {
        abortedBatches++;
        lastError =
                new StatusReport.Error(
                        StatusReport.iso(clock.millis()),
                        "batch " + batchId + " aborted and replayed: " + describe(cause));
    }

    @Override
    public synchronized void batchFailed(long batchId, int attempts, Exception cause) {
        if (cause instanceof DependencyUnavailableException down) {
            String now = StatusReport.iso(clock.millis());
            outage =
                    new StatusReport.Outage(
                            down.dependency(),
                            outage == null ? now : outage.since(),
                            describe(cause));
            outageAttempts++;
        }
        failedAttempts = attempts - outageAttempts;
        lastError =
                new StatusReport.Error(
                        StatusReport.iso(clock.millis()),
                        "batch "
                                + batchId
                                + " failed "
                                + attempts
                                + (attempts == 1 ? " attempt" : " attempts in a row")
                                + ": "
                                + describe(cause));
    }

    @Override
    public synchronized void runEnded(PipelineRunner.Outcome outcome, String reason) {
        state = outcome == PipelineRunner.Outcome.FINISHED ? "finished" : "failed";
        if (reason != null) {
            lastError = new StatusReport.Error(StatusReport.iso(clock.millis()), reason);
        }
    }

    @Override
    public synchronized void ingesterStopped(String reason) {
        ingesterStopped = true;
        lastError = new StatusReport.Error(StatusReport.iso(clock.millis()), reason);
    }

    private static String describe(Exception cause) {
        if (cause == null) {
            return "a partition of the batch was revoked";
        }
        return cause.getMessage() == null ? cause.toString() : cause.getMessage();
    }

    /** What is known of one owned partition. */
    private static final class PartitionState {
        long committedOffset = -1;
        long endOffset = -1;
        long watermarkMs = Long.MIN_VALUE;
        OffsetRange lastRange;
        CommittedBatch.StateSize stateSize;

        long lag() {
            return committedOffset < 0 || endOffset < 0
                    ? 0
                    : Math.max(0, endOffset - committedOffset);
        }

        StatusReport.Partition row(TopicPartition tp) {
            return new StatusReport.Partition(
                    tp.topic(),
                    tp.partition(),
                    committedOffset < 0 ? null : committedOffset,
                    endOffset < 0 ? null : endOffset,
                    lag(),
                    lastRange == null
                            ? null
                            : new StatusReport.Range(
                                    tp.topic(),
                                    tp.partition(),
                                    lastRange.fromOffset(),
                                    lastRange.untilOffset()),
                    watermarkMs == Long.MIN_VALUE ? null : StatusReport.iso(watermarkMs),
                    stateSize == null ? null : stateSize.approximateKeys(),
                    stateSize == null ? null : stateSize.sizeBytes());
        }
    }
}
