package io.sluice.processor.stateful.groupstate;

import java.util.List;
import java.util.Optional;

/**
 * The function of {@code updateStateByKey} (Spark Streaming's DStream operation): called every
 * batch for every key that has a state or new values, it returns the key's new state.
 *
 * @param <V> the type of the values taken from the key's rows
 * @param <S> the state's type
 */
@FunctionalInterface
public interface UpdateStateFunction<V, S> {

    /**
     * @param newValues the key's values of the batch, in the order read; empty when it had none
     * @param state the key's state before the batch, or empty when it has none
     * @return the new state, or empty to remove the key
     */
    Optional<S> update(List<V> newValues, Optional<S> state);
}
