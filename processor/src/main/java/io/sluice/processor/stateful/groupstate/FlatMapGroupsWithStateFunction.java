package io.sluice.processor.stateful.groupstate;

import io.sluice.processor.window.GroupKey;
import java.util.Iterator;
import java.util.List;
import org.apache.avro.generic.GenericRecord;

/**
 * A function of {@code flatMapGroupsWithState}: called once per key per batch with the key's rows
 * of the batch (or none, on a timeout), it returns zero or more rows.
 *
 * @param <S> the state's type
 */
@FunctionalInterface
public interface FlatMapGroupsWithStateFunction<S> {

    /**
     * @param key the values of the key columns, in their order
     * @param rows the key's rows of the batch in the order they were read; empty on a timeout
     * @param state the key's state, to read and change
     * @return the rows to emit, of the step's output schema
     */
    Iterator<GenericRecord> call(GroupKey key, List<GenericRecord> rows, GroupState<S> state);
}
