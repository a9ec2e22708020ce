package io.sluice.processor.engine;

import io.sluice.processor.RowOperator;
import io.sluice.processor.plan.PipelinePlan;
import io.sluice.processor.plan.StatefulStage;
import io.sluice.processor.plan.StatefulStage.EventTime;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;

/**
 * The columns of the source rows a pipeline reads, found by walking back from what its end needs:
 * the sink every column of the last step's rows, a stateful step the columns it reads and the event
 * time. A decoder skips the others, as Spark prunes the columns a query never reads.
 *
 * <p>Invoice notifications read three of an invoice's sixteen columns; a windowed aggregation of
 * store sales three with the event time.
 */
final class SourceColumns {

    private SourceColumns() {}

    /**
     * The positions of the source schema's columns the main stream's steps read; empty when they
     * are all read, or when a step cannot tell what it reads.
     */
    static Optional<BitSet> read(PipelinePlan plan) {
        List<RowOperator> operators = plan.operators();
        Optional<StatefulStage> stateful = plan.stateful();
        BitSet needed;
        if (stateful.isPresent()) {
            if (stateful.get().operator().inputSchema().isPresent()
                    || plan.source().joined().isPresent()) {
                return Optional.empty(); // its rows are not the steps' (tables), or two streams
            }
            Optional<BitSet> read = stateful.get().operator().columnsRead();
            if (read.isEmpty()) {
                return Optional.empty();
            }
            needed = (BitSet) read.get().clone();
        } else {
            needed = new BitSet();
            needed.set(0, lastSchema(plan).getFields().size());
        }
        for (int i = operators.size() - 1; i >= 0; i--) {
            Optional<BitSet> input = operators.get(i).inputColumns(needed);
            if (input.isEmpty()) {
                return Optional.empty();
            }
            needed = input.get();
        }
        if (stateful.isPresent() && stateful.get().eventTime() instanceof EventTime.SourceField f) {
            needed.set(f.position());
        }
        int columns = plan.source().schema().getFields().size();
        return needed.nextClearBit(0) >= columns ? Optional.empty() : Optional.of(needed);
    }

    private static Schema lastSchema(PipelinePlan plan) {
        List<RowOperator> operators = plan.operators();
        return operators.isEmpty()
                ? plan.source().schema()
                : operators.get(operators.size() - 1).outputSchema();
    }
}
