package io.sluice.processor.engine;

import io.sluice.processor.RowCollector;
import io.sluice.processor.state.StateBatch;
import io.sluice.processor.state.TaskStore;
import io.sluice.processor.window.Admission;
import io.sluice.processor.window.PartialAggregation;
import io.sluice.processor.window.WatermarkTracker;
import io.sluice.processor.window.WindowAggregator;
import io.sluice.processor.window.WindowSpec;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * The windowed aggregation of one input partition (a task): its RocksDB store, its watermark, the
 * batch being pre-aggregated, and the state writes waiting for the batch's commit.
 *
 * <p>Used by the batch thread only. Life of a batch: {@link #add} per row, {@link #finish} before
 * the commit (emits rows, stages state writes), then {@link #committed} or {@link #aborted}.
 */
final class WindowTask implements AutoCloseable {
    private final TopicPartition partition;
    private final TaskStore store;
    private final WindowAggregator aggregator;
    private final WatermarkTracker
            watermark; // null without a watermark: nothing late, nothing closes
    private final StateBatch pending = new StateBatch();
    private final RocksDbWindowStore windows;
    // written by the producer's I/O thread (send callbacks), read after the commit returned
    private final Map<String, Long> changelogNext = new ConcurrentHashMap<>();
    private long committedWatermarkMs;
    private PartialAggregation batch;

    WindowTask(
            TopicPartition partition,
            TaskStore store,
            WindowAggregator aggregator,
            WatermarkTracker watermark,
            long committedWatermarkMs) {
        this.partition = partition;
        this.store = store;
        this.aggregator = aggregator;
        this.watermark = watermark;
        this.committedWatermarkMs = committedWatermarkMs;
        this.windows = new RocksDbWindowStore(store, pending, aggregator.stateCodec());
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

    /** Counts a row in its windows; says whether it was late for some or all of them. */
    Admission add(GenericRecord row, long eventTimeMs) {
        if (batch == null) {
            batch = aggregator.newBatch(effectiveWatermark());
        }
        Admission admission = batch.add(row, eventTimeMs);
        if (watermark != null) {
            watermark.observe(0, eventTimeMs);
        }
        return admission;
    }

    /**
     * Ends the batch for this task: computes the next watermark, merges the batch into the stored
     * windows, emits rows as the output mode says and stages the state writes.
     *
     * @return the watermark to commit with the batch's offsets
     */
    long finish(RowCollector out) {
        PartialAggregation current =
                batch != null ? batch : aggregator.newBatch(effectiveWatermark());
        long next = watermark == null ? Long.MIN_VALUE : watermark.advance(System.nanoTime());
        if (!(aggregator.plan().window() instanceof WindowSpec.Session)) {
            windows.prefetch(current.windowKeys());
        }
        aggregator.finish(current, windows, next, out);
        batch = null;
        return next;
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
    }

    /** The batch aborted: forget its writes and go back to the committed watermark. */
    void aborted() {
        pending.clear();
        changelogNext.clear();
        batch = null;
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
