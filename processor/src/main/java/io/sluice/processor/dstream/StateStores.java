package io.sluice.processor.dstream;

/** Opens the state store of a stateful operation by a name unique within its context. */
@FunctionalInterface
interface StateStores {

    /** Stores kept in the JVM's memory, lost when the context is. */
    static StateStores inMemory() {
        return InMemoryStateStore::new;
    }

    /** The store named {@code name}, empty when opened for the first time. */
    <K, S> StateStore<K, S> open(String name);
}
