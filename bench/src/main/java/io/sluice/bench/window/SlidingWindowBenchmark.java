package io.sluice.bench.window;

import io.sluice.processor.aggregate.AggregateSpec;
import io.sluice.processor.expr.ExpressionCompiler;
import io.sluice.processor.plan.OutputMode;
import io.sluice.processor.window.AggregationPlan;
import io.sluice.processor.window.GroupColumn;
import io.sluice.processor.window.PartialAggregation;
import io.sluice.processor.window.WindowAggregator;
import io.sluice.processor.window.WindowSpec;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Sliding window benchmark runs 1,000,000 records through a 1-hour window sliding by 1 minute,
 * {@code count(*)} and {@code sum(Amount)} per store (10 stores), in micro-batches of 10,000
 * records with a 5-minute watermark delay: sliding windows kept as panes against the same
 * aggregation window by window ({@link WindowAggregator#perWindow}).
 *
 * <p>Event time advances 60 ms per record (16.7 hours in all), each record up to 2 minutes out of
 * order. An operation is the whole run, with a fresh store, so the score is milliseconds per
 * million records. The store keeps encoded state in memory ({@link EncodedWindowStore}): the
 * figures include the state codec, not RocksDB.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SlidingWindowBenchmark {
    private static final int RECORDS = 1_000_000;
    private static final int BATCH_RECORDS = 10_000;
    private static final int DISTINCT_ROWS = 10_000;
    private static final int STORES = 10;
    private static final long STEP_MS = 60;
    private static final long DISORDER_MS = 120_000;
    private static final long DELAY_MS = 300_000;

    @Param({"panes", "perWindow"})
    public String path;

    @Param({"UPDATE", "APPEND"})
    public OutputMode mode;

    private AggregationPlan plan;
    private GenericRecord[] rows;
    private long[] eventTimesMs;
    private long emitted;

    @Setup
    public void setUp() {
        Schema sale =
                SchemaBuilder.record("Sale")
                        .fields()
                        .requiredString("Store")
                        .requiredInt("Amount")
                        .endRecord();
        Map<String, String> aggregates = new LinkedHashMap<>();
        aggregates.put("Sales", "count(*)");
        aggregates.put("Total", "sum(Amount)");
        plan =
                new AggregationPlan(
                        "Totals",
                        new WindowSpec.Sliding(Duration.ofHours(1), Duration.ofMinutes(1)),
                        List.of(
                                new GroupColumn(
                                        "Store", ExpressionCompiler.compile("Store", sale))),
                        AggregateSpec.compile(aggregates, sale),
                        mode);
        Random random = new Random(7);
        rows = new GenericRecord[DISTINCT_ROWS];
        for (int i = 0; i < rows.length; i++) {
            GenericData.Record row = new GenericData.Record(sale);
            row.put("Store", "store-" + random.nextInt(STORES));
            row.put("Amount", random.nextInt(1000));
            rows[i] = row;
        }
        eventTimesMs = new long[RECORDS];
        for (int i = 0; i < RECORDS; i++) {
            eventTimesMs[i] = i * STEP_MS - (long) (random.nextDouble() * DISORDER_MS);
        }
    }

    @Benchmark
    public long run() {
        WindowAggregator aggregator =
                path.equals("panes")
                        ? new WindowAggregator(plan)
                        : WindowAggregator.perWindow(plan);
        EncodedWindowStore store = new EncodedWindowStore(aggregator.stateCodec());
        emitted = 0;
        long watermarkMs = Long.MIN_VALUE;
        long latestMs = Long.MIN_VALUE;
        for (int from = 0; from < RECORDS; from += BATCH_RECORDS) {
            PartialAggregation batch = aggregator.newBatch(watermarkMs);
            for (int i = from; i < from + BATCH_RECORDS; i++) {
                batch.add(rows[i % DISTINCT_ROWS], eventTimesMs[i]);
                latestMs = Math.max(latestMs, eventTimesMs[i]);
            }
            long nextWatermarkMs = Math.max(watermarkMs, latestMs - DELAY_MS);
            aggregator.finish(batch, store, nextWatermarkMs, row -> emitted++);
            watermarkMs = nextWatermarkMs;
        }
        return emitted;
    }
}
