package io.sluice.processor.dstream;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code updateStateByKey}: every batch, the function runs for every key with a state or new
 * values, and the batch is every key with a state after it.
 *
 * <p>Implementation notes: the state after the latest batch computed is in a {@link StateStore};
 * batches are therefore computed in time order (the context computes this node every batch), and
 * the initial state is seeded before the first one.
 */
final class UpdateStateNode<K, V, S> extends StreamNode<KeyValue<K, S>> {

    private final StreamNode<KeyValue<K, V>> parent;
    private final UpdateStateFunction<V, S> update;
    private final Map<K, S> initialState;
    private final StateStore<K, S> store;
    private Time stateTime;

    UpdateStateNode(
            StreamNode<KeyValue<K, V>> parent,
            UpdateStateFunction<V, S> update,
            Map<K, S> initialState) {
        super(parent.context(), parent.slideDuration(), List.of(parent));
        this.parent = parent;
        this.update = update;
        this.initialState = new LinkedHashMap<>(initialState);
        this.store = parent.context().stateStores().open(name("updateStateByKey"));
    }

    @Override
    boolean isStateful() {
        return true;
    }

    @Override
    List<KeyValue<K, S>> compute(Time validTime) {
        catchUpTo(validTime);
        Map<K, List<V>> newValues =
                Batches.groupByKey(parent.getOrCompute(validTime).orElseThrow());
        List<K> keys = new ArrayList<>();
        for (KeyValue<K, S> entry : store.entries()) {
            keys.add(entry.key());
        }
        for (K key : newValues.keySet()) {
            if (store.get(key).isEmpty()) {
                keys.add(key);
            }
        }
        for (K key : keys) {
            Optional<S> next =
                    update.update(newValues.getOrDefault(key, List.of()), store.get(key));
            if (next.isPresent()) {
                store.put(key, next.get());
            } else {
                store.remove(key);
            }
        }
        stateTime = validTime;
        return store.entries();
    }

    @Override
    Serializable checkpointState() {
        return stateTime;
    }

    @Override
    void restoreState(Serializable state) {
        stateTime = (Time) state;
    }

    /** Computes the batches before {@code time} that were not, or seeds the initial state. */
    private void catchUpTo(Time time) {
        Time previous = time.minus(slideDuration());
        Checks.state(
                stateTime == null || stateTime.isBefore(time),
                "%s cannot compute %s again: its state is at %s",
                name("updateStateByKey"),
                time,
                stateTime);
        if (isTimeValid(previous) && !previous.equals(stateTime)) {
            getOrCompute(previous);
        }
        if (stateTime == null) {
            initialState.forEach(store::put);
        }
    }
}
