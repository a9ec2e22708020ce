package io.sluice.processor.window;

import io.sluice.processor.aggregate.Accumulator;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;

/**
 * Output rows builds the result row of a window state: group columns, window bounds (unless the
 * plan has no window), results.
 */
final class OutputRows {
    private final Schema schema;
    private final boolean windowed;

    OutputRows(AggregationPlan plan) {
        this.schema = plan.outputSchema();
        this.windowed = plan.isWindowed();
    }

    GenericData.Record row(WindowState state) {
        GenericData.Record row = new GenericData.Record(schema);
        GroupKey group = state.group();
        int field = 0;
        for (int i = 0; i < group.size(); i++) {
            row.put(field++, group.get(i));
        }
        if (windowed) {
            row.put(field++, state.startMs());
            row.put(field++, state.endMs());
        }
        for (Accumulator accumulator : state.accumulators()) {
            row.put(field++, accumulator.result());
        }
        return row;
    }
}
