package io.sluice.processor.stateful;

import io.sluice.processor.RowCollector;
import io.sluice.processor.aggregate.CompiledAggregate;
import io.sluice.processor.plan.OutputMode;
import io.sluice.processor.state.StateBatch;
import io.sluice.processor.state.TaskStore;
import io.sluice.processor.window.Admission;
import io.sluice.processor.window.AggregationPlan;
import io.sluice.processor.window.GroupColumn;
import io.sluice.processor.window.PartialAggregation;
import io.sluice.processor.window.WindowAggregator;
import io.sluice.processor.window.WindowSpec;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * The windowed aggregation (group by, windows, aggregates, output mode) as a stateful operator:
 * each task pre-aggregates its batch in memory, then reads the touched windows in one multi-get and
 * settles them through {@link WindowAggregator} on a {@link RocksDbWindowStore}.
 */
public final class WindowOperator implements StatefulOperator {
    private final WindowAggregator aggregator;

    public WindowOperator(AggregationPlan plan) {
        this.aggregator = new WindowAggregator(plan);
    }

    /** The aggregation it runs. */
    public AggregationPlan plan() {
        return aggregator.plan();
    }

    @Override
    public List<String> stores() {
        return List.of(RocksDbWindowStore.WINDOWS, RocksDbWindowStore.EXPIRY);
    }

    @Override
    public List<GroupColumn> keyColumns() {
        return plan().groupBy();
    }

    /** The group columns and the aggregates' arguments: the windows and times come with the row. */
    @Override
    public Optional<BitSet> columnsRead() {
        BitSet read = new BitSet();
        for (GroupColumn column : plan().groupBy()) {
            read.or(column.expression().columnsRead());
        }
        for (CompiledAggregate aggregate : plan().aggregates()) {
            aggregate.argument().ifPresent(argument -> read.or(argument.columnsRead()));
        }
        return Optional.of(read);
    }

    @Override
    public Schema outputSchema() {
        return aggregator.outputSchema();
    }

    @Override
    public String describe() {
        return "windowed aggregation";
    }

    @Override
    public TaskOperator open(TaskStore store, StateBatch pending, TaskInfo task) {
        return new Task(new RocksDbWindowStore(store, pending, aggregator.stateCodec()));
    }

    /** One task's batch in progress and its stored windows. */
    private final class Task implements TaskOperator {
        private final RocksDbWindowStore windows;
        private PartialAggregation batch;

        Task(RocksDbWindowStore windows) {
            this.windows = windows;
        }

        @Override
        public Admission add(GenericRecord row, long eventTimeMs, long watermarkMs) {
            if (batch == null) {
                batch = aggregator.newBatch(watermarkMs);
            }
            return batch.add(row, eventTimeMs);
        }

        @Override
        public void finish(long watermarkMs, long nextWatermarkMs, long nowMs, RowCollector out) {
            PartialAggregation current = batch != null ? batch : aggregator.newBatch(watermarkMs);
            batch = null;
            if (!(plan().window() instanceof WindowSpec.Session)) {
                windows.prefetch(current.windowKeys());
            }
            aggregator.finish(current, windows, nextWatermarkMs, out);
        }

        @Override
        public void aborted() {
            batch = null;
        }

        @Override
        public boolean hasDueWork(long nowMs, long watermarkMs) {
            // Only a watermark that moved without input (quiet topics) can close windows here:
            // the last batch evicted everything its own watermark closed.
            return plan().outputMode() != OutputMode.COMPLETE && windows.hasExpired(watermarkMs);
        }
    }
}
