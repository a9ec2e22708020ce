package io.sluice.processor.dstream;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A state store in a hash map; entries are listed in the order their keys were first put. */
final class InMemoryStateStore<K, S> implements StateStore<K, S> {

    private final String name;
    private final Map<K, S> states = new LinkedHashMap<>();

    InMemoryStateStore(String name) {
        this.name = name;
    }

    @Override
    public Optional<S> get(K key) {
        return Optional.ofNullable(states.get(key));
    }

    @Override
    public void put(K key, S state) {
        Checks.argument(state != null, "store %s: the state of key %s must not be null", name, key);
        states.put(key, state);
    }

    @Override
    public void remove(K key) {
        states.remove(key);
    }

    @Override
    public List<KeyValue<K, S>> entries() {
        List<KeyValue<K, S>> entries = new ArrayList<>(states.size());
        states.forEach((key, state) -> entries.add(KeyValue.of(key, state)));
        return entries;
    }

    @Override
    public int size() {
        return states.size();
    }

    @Override
    public String toString() {
        return name;
    }
}
