package io.sluice.processor.dstream;

import java.util.List;
import java.util.Optional;

/**
 * The state of one stateful operation: keys to values. The boundary a later step backs with the
 * engine's RocksDB task stores and changelogs; operations read and write state only through it.
 *
 * <p>Called from the thread that runs the batches only. Changes made while a batch is computed
 * belong to that batch.
 */
interface StateStore<K, S> {

    /** The state of {@code key}, or empty when it has none. */
    Optional<S> get(K key);

    /** Sets the state of {@code key}. */
    void put(K key, S state);

    /** Removes the state of {@code key}; nothing happens when it has none. */
    void remove(K key);

    /** Every key and its state, as a snapshot; the order is the store's own. */
    List<KeyValue<K, S>> entries();

    /** How many keys have a state. */
    int size();
}
