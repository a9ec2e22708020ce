package io.sluice.processor.dstream;

import java.util.List;
import java.util.Optional;

/**
 * The function of {@link PairDStream#updateStateByKey}: called every batch for every key that has a
 * state or new values, it returns the key's new state. Same shape as the engine's row-based {@code
 * io.sluice.processor.stateful.groupstate.UpdateStateFunction}.
 *
 * @param <V> the type of the key's values
 * @param <S> the state's type
 */
@FunctionalInterface
public interface UpdateStateFunction<V, S> {

    /**
     * @param newValues the key's values of the batch, in stream order; empty when it had none
     * @param state the key's state before the batch, or empty when it has none
     * @return the new state, or empty to remove the key
     */
    Optional<S> update(List<V> newValues, Optional<S> state);
}
