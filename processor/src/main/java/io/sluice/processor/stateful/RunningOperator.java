package io.sluice.processor.stateful;

import io.sluice.processor.RowCollector;
import io.sluice.processor.aggregate.Accumulator;
import io.sluice.processor.aggregate.AccumulatorCodec;
import io.sluice.processor.aggregate.CompiledAggregate;
import io.sluice.processor.plan.OutputMode;
import io.sluice.processor.state.StateBatch;
import io.sluice.processor.state.TaskStore;
import io.sluice.processor.window.Admission;
import io.sluice.processor.window.AggregationPlan;
import io.sluice.processor.window.GroupColumn;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.JsonProperties;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * Running totals across closed windows: a windowed aggregation in append mode, whose rows then get
 * cumulative aggregates per group (the aggregation's group columns; one group without them), taken
 * over the group's windows in window start order, batch after batch.
 *
 * <p>It wraps the {@link WindowOperator}: each task keeps the window's stores and one more, {@value
 * #TOTALS}, mapping a group to its running accumulators (kept for as long as the group exists). The
 * rows a batch closes are sorted by window start before they are added: windows close in order,
 * since the watermark only grows, so every group's totals follow its windows in time.
 */
public final class RunningOperator implements StatefulOperator {
    public static final String TOTALS = "running";

    private final WindowOperator window;
    private final List<CompiledAggregate> running;
    private final AccumulatorCodec codec;
    private final List<ColumnRead> groups;
    private final int windowStart;
    private final Schema outputSchema;

    /**
     * Adds {@code running} (aggregates over the window's rows) to {@code window}'s rows, in rows
     * named {@code recordName}.
     *
     * @throws IllegalArgumentException when the window does not emit closed windows (append mode)
     *     with a window start, or a running column's name is taken
     */
    public RunningOperator(
            WindowOperator window, List<CompiledAggregate> running, String recordName) {
        AggregationPlan plan = window.plan();
        Schema rows = plan.outputSchema();
        if (plan.outputMode() != OutputMode.APPEND) {
            throw new IllegalArgumentException(
                    "running totals need closed windows, which only append mode emits");
        }
        Schema.Field start = rows.getField(AggregationPlan.WINDOW_START);
        if (start == null) {
            throw new IllegalArgumentException("running totals need windows with a start");
        }
        if (running.isEmpty()) {
            throw new IllegalArgumentException("running totals need at least one aggregate");
        }
        this.window = window;
        this.running = List.copyOf(running);
        this.windowStart = start.pos();
        List<ColumnRead> groupReads = new ArrayList<>();
        for (GroupColumn column : plan.groupBy()) {
            groupReads.add(ColumnRead.of(rows.getField(column.name())));
        }
        this.groups = List.copyOf(groupReads);
        this.codec =
                new AccumulatorCodec(
                        this.running.stream().map(CompiledAggregate::function).toList());
        this.outputSchema = outputSchema(rows, this.running, recordName);
    }

    /** The windowed aggregation it adds to. */
    public WindowOperator window() {
        return window;
    }

    /** The running aggregates, in output order. */
    public List<CompiledAggregate> running() {
        return running;
    }

    @Override
    public List<String> stores() {
        List<String> stores = new ArrayList<>(window.stores());
        stores.add(TOTALS);
        return stores;
    }

    @Override
    public List<GroupColumn> keyColumns() {
        return window.keyColumns();
    }

    @Override
    public Schema outputSchema() {
        return outputSchema;
    }

    @Override
    public String describe() {
        return window.describe() + " with running totals";
    }

    @Override
    public TaskOperator open(TaskStore store, StateBatch pending, TaskInfo task) {
        return new Task(window.open(store, pending, task), new RunningTotals(store, pending));
    }

    private static Schema outputSchema(
            Schema rows, List<CompiledAggregate> running, String recordName) {
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field field : rows.getFields()) {
            fields.add(new Schema.Field(field, field.schema()));
        }
        for (CompiledAggregate aggregate : running) {
            if (rows.getField(aggregate.outputName()) != null) {
                throw new IllegalArgumentException(
                        "the running column '" + aggregate.outputName() + "' is a column already");
            }
            Schema type = aggregate.function().resultSchema();
            boolean nullable =
                    type.getType() == Schema.Type.UNION
                            && type.getTypes().get(0).getType() == Schema.Type.NULL;
            fields.add(
                    nullable
                            ? new Schema.Field(
                                    aggregate.outputName(), type, null, JsonProperties.NULL_VALUE)
                            : new Schema.Field(aggregate.outputName(), type));
        }
        return Schema.createRecord(recordName, null, null, false, fields);
    }

    /** The window task of one task, its closed rows taken through the running totals. */
    private final class Task implements TaskOperator {
        private final TaskOperator windows;
        private final RunningTotals totals;
        private final List<GenericRecord> closed = new ArrayList<>();

        Task(TaskOperator windows, RunningTotals totals) {
            this.windows = windows;
            this.totals = totals;
        }

        @Override
        public Admission add(GenericRecord row, long eventTimeMs, long watermarkMs) {
            return windows.add(row, eventTimeMs, watermarkMs);
        }

        @Override
        public void finish(long watermarkMs, long nextWatermarkMs, long nowMs, RowCollector out) {
            closed.clear();
            windows.finish(watermarkMs, nextWatermarkMs, nowMs, closed::add);
            if (closed.isEmpty()) {
                return;
            }
            closed.sort(Comparator.comparingLong(row -> (Long) row.get(windowStart)));
            totals.apply(closed, out);
            closed.clear();
        }

        @Override
        public void aborted() {
            closed.clear();
            windows.aborted();
        }

        @Override
        public boolean hasDueWork(long nowMs, long watermarkMs) {
            return windows.hasDueWork(nowMs, watermarkMs);
        }
    }

    /** One task's running accumulators per group, read once per batch and staged back. */
    private final class RunningTotals {
        private final TaskStore store;
        private final StateBatch pending;
        private final ColumnKeys keys = new ColumnKeys(groups);

        RunningTotals(TaskStore store, StateBatch pending) {
            this.store = store;
            this.pending = pending;
        }

        /** Adds {@code rows}, in order, to their groups' totals; emits each with its totals. */
        void apply(List<GenericRecord> rows, RowCollector out) {
            Map<ByteBuffer, Accumulator[]> touched = read(rows);
            int width = outputSchema.getFields().size() - running.size();
            for (GenericRecord row : rows) {
                Accumulator[] accumulators = touched.get(ByteBuffer.wrap(keys.of(row)));
                GenericData.Record result = new GenericData.Record(outputSchema);
                for (int i = 0; i < width; i++) {
                    result.put(i, row.get(i));
                }
                for (int i = 0; i < accumulators.length; i++) {
                    accumulators[i].add(running.get(i).argumentValue(row));
                    result.put(width + i, accumulators[i].result());
                }
                out.collect(result);
            }
            for (Map.Entry<ByteBuffer, Accumulator[]> group : touched.entrySet()) {
                pending.put(TOTALS, group.getKey().array(), codec.encode(group.getValue()));
            }
        }

        /** The totals of the groups of {@code rows}, in one multi-get. */
        private Map<ByteBuffer, Accumulator[]> read(List<GenericRecord> rows) {
            Map<ByteBuffer, Accumulator[]> touched = new HashMap<>();
            List<byte[]> groupKeys = new ArrayList<>();
            for (GenericRecord row : rows) {
                byte[] key = keys.of(row);
                if (touched.putIfAbsent(ByteBuffer.wrap(key), codec.newAccumulators()) == null) {
                    groupKeys.add(key);
                }
            }
            List<byte[]> stored = pending.readThrough(store.store(TOTALS), groupKeys);
            for (int i = 0; i < groupKeys.size(); i++) {
                if (stored.get(i) != null) {
                    touched.put(ByteBuffer.wrap(groupKeys.get(i)), codec.decode(stored.get(i)));
                }
            }
            return touched;
        }
    }
}
