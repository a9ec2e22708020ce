package io.sluice.processor.engine;

import io.sluice.processor.RowCollector;
import io.sluice.processor.state.StateBatch;
import io.sluice.processor.state.TaskStore;
import io.sluice.processor.stateful.StatefulOperator;
import io.sluice.processor.stateful.TaskInfo;
import io.sluice.processor.stateful.TaskOperator;
import io.sluice.processor.window.Admission;
import io.sluice.processor.window.WatermarkTracker;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * The stateful step of one input partition (a task): its RocksDB store, its watermark, its
 * operator's batch in progress, and the state writes waiting for the batch's commit.
 *
 * <p>Used by the batch thread only. Life of a batch: {@link #add} per row, {@link #finish} before
 * the commit (emits rows, stages state writes), then {@link #committed} or {@link #aborted}.
 */
final class StateTask implements AutoCloseable {
    private final TopicPartition partition;
    private final TaskStore store;
    private final TaskOperator operator;
    private final WatermarkTracker
            watermark; // null without a watermark: nothing late, nothing closes
    private final StateBatch pending = new StateBatch();
    // written by the producer's I/O thread (send callbacks), read after the commit returned
    private final Map<String, Long> changelogNext = new ConcurrentHashMap<>();
    private long committedWatermarkMs;

    StateTask(
            TopicPartition partition,
            TaskStore store,
            StatefulOperator operator,
            TaskInfo info,
            WatermarkTracker watermark,
            long committedWatermarkMs) {
        this.partition = partition;
        this.store = store;
        this.operator = operator.open(store, pending, info);
        this.watermark = watermark;
        this.committedWatermarkMs = committedWatermarkMs;
        restoreWatermark();
    }

    TopicPartition partition() {
        return partition;
    }

    TaskStore store() {
        return store;
    }

    StateBatch pending() {
        return pending;
    }

    /** The watermark of the last committed batch: where the task starts again after a wipe. */
    long committedWatermarkMs() {
        return committedWatermarkMs;
    }

    /**
     * Takes a row into the batch; says whether it was late for some or all of it.
     *
     * @param slot the watermark slot of the row's source partition: 0 when the task reads its
     *     source directly, the source partition's index when the row came through the repartition
     *     topic
     */
    Admission add(GenericRecord row, long eventTimeMs, int slot) {
        Admission admission = operator.add(row, eventTimeMs, effectiveWatermark());
        if (watermark != null) {
            watermark.observe(slot, eventTimeMs);
        }
        return admission;
    }

    /** Notes a source partition's event-time progress without a row (a watermark marker). */
    void observe(int slot, long eventTimeMs) {
        if (watermark != null) {
            watermark.observe(slot, eventTimeMs);
        }
    }

    /** Notes that a source partition went idle: it holds the watermark back no longer. */
    void markIdle(int slot) {
        if (watermark != null) {
            watermark.markIdle(slot, System.nanoTime());
        }
    }

    /**
     * Ends the batch for this task: computes the next watermark, lets the operator settle the batch
     * with its stored state, emit rows and stage its state writes.
     *
     * @return the watermark to commit with the batch's offsets
     */
    long finish(RowCollector out) {
        long current = effectiveWatermark();
        long next = watermark == null ? Long.MIN_VALUE : watermark.advance(System.nanoTime());
        operator.finish(current, next, System.currentTimeMillis(), out);
        return next;
    }

    /** The rows the batch just finished dropped without output (duplicates); reading resets it. */
    long dropped() {
        return operator.dropped();
    }

    /**
     * Whether the task has work without input: a timeout due, or (with the watermark set to move on
     * quiet topics) a watermark that would now close something.
     */
    boolean hasDueWork() {
        long projected =
                watermark == null ? Long.MIN_VALUE : watermark.projectedMs(System.nanoTime());
        return operator.hasDueWork(System.currentTimeMillis(), projected);
    }

    /** Notes the changelog offset a state record of {@code storeName} was written at. */
    void changelogWritten(String storeName, long offset) {
        changelogNext.merge(storeName, offset + 1, Math::max);
    }

    /** The batch committed: apply its state writes and the changelog offsets they reach. */
    void committed(long watermarkMs) {
        store.commit(pending, Map.copyOf(changelogNext));
        changelogNext.clear();
        committedWatermarkMs = watermarkMs;
        if (watermark != null) {
            watermark.committed();
        }
    }

    /** The batch aborted: forget its writes and go back to the committed watermark. */
    void aborted() {
        pending.clear();
        changelogNext.clear();
        operator.aborted();
        restoreWatermark();
    }

    private long effectiveWatermark() {
        return watermark == null ? Long.MIN_VALUE : watermark.effectiveMs();
    }

    private void restoreWatermark() {
        if (watermark != null) {
            watermark.restore(committedWatermarkMs, System.nanoTime());
        }
    }

    @Override
    public void close() {
        store.close();
    }
}
