package io.sluice.processor.window;

import io.sluice.processor.plan.OutputMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * A windowed aggregation is the in-memory reference of an aggregation step: given rows with event
 * times, split into batches, it produces the rows each batch emits and the records it found late,
 * with Structured Streaming's semantics on one input partition. It is the oracle for the engine's
 * RocksDB-backed operator, which drives the same {@link WindowAggregator} and {@link
 * WatermarkTracker} with its own {@link WindowStore}.
 *
 * <p>Rows come sorted by window and group, except with retractions, which keep the order the
 * aggregator emitted them in.
 *
 * <p>Without a watermark delay there is no watermark: nothing is late and nothing is evicted, so
 * append mode (which emits a window only once the watermark passes it) needs one. Not thread-safe.
 */
public final class WindowedAggregation {
    private final WindowAggregator aggregator;
    private final InMemoryWindowStore store;
    private final WatermarkTracker watermarks;
    private final Comparator<GenericRecord> rowOrder;

    /**
     * A reference run of {@code plan}, whose watermark trails the largest event time by {@code
     * watermarkDelay} (none: no watermark).
     *
     * @throws IllegalArgumentException when the output mode is append and there is no watermark
     */
    public WindowedAggregation(AggregationPlan plan, Optional<Duration> watermarkDelay) {
        Objects.requireNonNull(plan, "plan");
        if (plan.outputMode() == OutputMode.APPEND && watermarkDelay.isEmpty()) {
            throw new IllegalArgumentException(
                    "append mode emits a window once the watermark passes its end, so it needs a"
                            + " watermark: set the source's watermark delay, or use update or"
                            + " complete mode");
        }
        this.aggregator = new WindowAggregator(plan);
        int groupColumns = plan.groupBy().size();
        Comparator<GenericRecord> byGroup =
                Comparator.comparing(row -> groupText(row, groupColumns));
        this.rowOrder =
                plan.isWindowed()
                        ? Comparator.<GenericRecord>comparingLong(
                                        r -> (Long) r.get(AggregationPlan.WINDOW_START))
                                .thenComparingLong(r -> (Long) r.get(AggregationPlan.WINDOW_END))
                                .thenComparing(byGroup)
                        : byGroup;
        this.store = new InMemoryWindowStore(aggregator.stateCodec());
        // One partition that is never idle: the reference passes no processing time.
        this.watermarks =
                watermarkDelay
                        .map(
                                delay ->
                                        new WatermarkTracker(
                                                WatermarkPolicy.of(delay, Duration.ofDays(1)),
                                                1,
                                                0L))
                        .orElse(null);
    }

    /** The schema of the emitted rows. */
    public Schema outputSchema() {
        return aggregator.outputSchema();
    }

    /** The watermark the next batch runs with; {@code Long.MIN_VALUE} when there is none yet. */
    public long watermarkMs() {
        return watermarks == null ? Long.MIN_VALUE : watermarks.effectiveMs();
    }

    /** The number of windows held in state. */
    public int stateSize() {
        return store.size();
    }

    /** Runs one batch of {@code rows}, in arrival order. */
    public BatchResult process(List<EventRow> rows) {
        long watermarkMs = watermarkMs();
        PartialAggregation batch = aggregator.newBatch(watermarkMs);
        List<LateRecord> late = new ArrayList<>();
        for (EventRow row : rows) {
            Admission admission = batch.add(row.row(), row.eventTimeMs());
            if (admission != Admission.ON_TIME) {
                late.add(new LateRecord(row, admission));
            }
            if (watermarks != null) {
                watermarks.observe(0, row.eventTimeMs());
            }
        }
        long nextWatermarkMs = watermarks == null ? Long.MIN_VALUE : watermarks.advance(0L);
        List<GenericRecord> emitted = new ArrayList<>();
        aggregator.finish(batch, store, nextWatermarkMs, emitted::add);
        store.commit();
        if (!aggregator.plan().retractsMerged()) {
            // with retractions the emitted order is the contract: each before its replacement
            emitted.sort(rowOrder);
        }
        return new BatchResult(emitted, late, watermarkMs, nextWatermarkMs);
    }

    private static String groupText(GenericRecord row, int groupColumns) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < groupColumns; i++) {
            text.append(row.get(i)).append('\u0000');
        }
        return text.toString();
    }
}
