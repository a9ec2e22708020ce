package io.sluice.processor.stateful.groupstate;

import io.sluice.processor.window.GroupKey;
import org.apache.avro.generic.GenericRecord;

/**
 * Turns a key and its state into the row {@code updateStateByKey} emits for it.
 *
 * @param <S> the state's type
 */
@FunctionalInterface
public interface StateRowFunction<S> {

    /** The row of the step's output schema for {@code key} with {@code state}. */
    GenericRecord row(GroupKey key, S state);
}
