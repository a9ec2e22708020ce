package io.sluice.service;

import java.time.Instant;
import java.util.List;

/**
 * The body of {@code /status}, serialised by Jackson as it is: times are ISO-8601 strings (UTC),
 * offsets follow the engine's convention ({@code fromOffset} inclusive, {@code untilOffset}
 * exclusive), and unknown values are null.
 *
 * @param state {@code starting} (waiting for partitions), {@code running}, {@code finished} or
 *     {@code failed}
 * @param ready whether {@code /health/ready} answers 200: partitions assigned, none of them
 *     restoring its state, the run going on
 * @param stateRecoveries how many times a task's local state could not be trusted and was wiped
 * @param lag offsets not yet committed, over every owned partition
 * @param watermark the lowest event-time watermark of the owned partitions
 * @param recentBatches the last committed batches, newest first
 * @param restores the tasks restoring their state now, by input (or repartition) partition
 * @param standbys the standby tasks this instance keeps (warm copies of other instances' tasks),
 *     with how far behind their changelogs they are
 * @param lastError the last aborted batch or the error that ended the run
 * @param outage a service other than Kafka that batches wait for (the schema registry), from the
 *     first batch it failed until the next batch commits; null when there is none
 */
public record StatusReport(
        String pipeline,
        String instance,
        String state,
        boolean ready,
        String startedAt,
        long committedBatches,
        long abortedBatches,
        long stateRecoveries,
        Totals totals,
        long lag,
        String watermark,
        List<Partition> partitions,
        List<Batch> recentBatches,
        List<Restore> restores,
        List<Standby> standbys,
        Error lastError,
        Outage outage) {

    /**
     * Record counts of every committed batch: {@code in = emitting + filtered + deadLettered +
     * skipped}.
     */
    public record Totals(
            long in,
            long out,
            long emitting,
            long filtered,
            long deadLettered,
            long skipped,
            long late) {}

    /**
     * An owned input partition.
     *
     * @param committedOffset the first offset not yet committed
     * @param endOffset the offset batches may read up to, as last planned
     * @param lastBatch the range the last committed batch read from it
     */
    public record Partition(
            String topic,
            int partition,
            Long committedOffset,
            Long endOffset,
            long lag,
            Range lastBatch,
            String watermark,
            Long stateKeys,
            Long stateBytes) {}

    /** An offset range of a batch. */
    public record Range(String topic, int partition, long fromOffset, long untilOffset) {}

    /** A committed batch. */
    public record Batch(
            long batchId,
            String committedAt,
            long durationMs,
            long commitMs,
            long in,
            long out,
            long filtered,
            long deadLettered,
            long skipped,
            long late,
            List<Range> ranges) {}

    /**
     * Restore progress of the task of an input (or repartition) partition: {@code restored} of
     * {@code total} changelog records replayed, over all its stores; 0 of 0 until the changelogs'
     * ends are read.
     */
    public record Restore(String topic, int partition, long restored, long total) {}

    /**
     * A standby task: a copy of the state of the task of an input (or repartition) partition that
     * another instance runs, kept by following its changelogs.
     *
     * @param lagRecords the changelog records it has not applied yet, over all its stores; null
     *     until its changelogs were first fetched
     */
    public record Standby(String topic, int partition, Long lagRecords) {}

    /** An error and when it happened. */
    public record Error(String at, String message) {}

    /**
     * A service that does not answer, which batches wait for.
     *
     * @param dependency what does not answer, such as {@code schema registry}
     * @param since when the first batch failed on it
     * @param reason the last failure
     */
    public record Outage(String dependency, String since, String reason) {}

    static String iso(long epochMs) {
        return Instant.ofEpochMilli(epochMs).toString();
    }
}
