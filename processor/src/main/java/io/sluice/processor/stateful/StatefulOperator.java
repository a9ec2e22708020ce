package io.sluice.processor.stateful;

import io.sluice.processor.state.StateBatch;
import io.sluice.processor.state.TaskStore;
import io.sluice.processor.window.GroupColumn;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * A stateful operator is a pipeline's stateful step (a windowed aggregation, a deduplication, a
 * user's group-state function) as the engine runs it: one {@link TaskOperator} per task, on the
 * task's own stores. Instances are immutable and shared by the tasks.
 */
public interface StatefulOperator {

    /**
     * The names of the stores (column families) each task keeps; every one has its own compacted
     * changelog topic.
     */
    List<String> stores();

    /**
     * The columns whose values decide the task a row belongs to: rows with equal values must meet
     * in one task. Empty for one group (every row in one task).
     */
    List<GroupColumn> keyColumns();

    /** The schema of the rows it emits. */
    Schema outputSchema();

    /** What it says in a plan printout, such as "windowed aggregation". */
    String describe();

    /**
     * Starts the operator on one task: reads go to {@code store}, writes to {@code pending}, which
     * the engine sends to the changelogs in the batch's transaction and applies after the commit;
     * {@code task} says which partition of how many the task is.
     */
    TaskOperator open(TaskStore store, StateBatch pending, TaskInfo task);

    /**
     * What a person running it should know before it starts, such as state that grows without
     * bound; logged as warnings at start. Empty by default.
     */
    default List<String> warnings() {
        return List.of();
    }

    /**
     * The schema of its input rows when it makes them itself from the input records ({@link
     * TableChanges}); empty when they are the rows the steps before it emit.
     */
    default Optional<Schema> inputSchema() {
        return Optional.empty();
    }

    /**
     * The positions of the input row's columns it reads, when it reads only some of them: rows that
     * cross the repartition topic carry just those. Empty (the default) when it needs whole rows,
     * as an operator that emits or stores its input rows does.
     */
    default Optional<BitSet> columnsRead() {
        return Optional.empty();
    }

    /**
     * The value a dead letter of one of its input rows carries, when the row as it crossed the
     * repartition topic would not tell a person what it was; empty for that row as JSON. Called by
     * the batch thread.
     */
    default Optional<byte[]> deadLetterValue(GenericRecord input) {
        return Optional.empty();
    }
}
