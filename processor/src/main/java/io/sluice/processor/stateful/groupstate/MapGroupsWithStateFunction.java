package io.sluice.processor.stateful.groupstate;

import io.sluice.processor.window.GroupKey;
import java.util.List;
import org.apache.avro.generic.GenericRecord;

/**
 * A function of {@code mapGroupsWithState}: called once per key per batch with the key's rows of
 * the batch (or none, on a timeout), it returns exactly one row.
 *
 * @param <S> the state's type
 */
@FunctionalInterface
public interface MapGroupsWithStateFunction<S> {

    /**
     * @param key the values of the key columns, in their order
     * @param rows the key's rows of the batch in the order they were read; empty on a timeout
     * @param state the key's state, to read and change
     * @return the row to emit, of the step's output schema; never null
     */
    GenericRecord call(GroupKey key, List<GenericRecord> rows, GroupState<S> state);
}
