package io.sluice.processor.state;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The pending writes of one micro-batch to a task's stores: the last put or delete per store and
 * key, held in memory until {@link TaskStore#commit} applies them after the batch's Kafka
 * transaction commits, or {@link #clear()} drops them when it aborts.
 *
 * <p>The batch is also an overlay: {@link #lookup} tells whether the batch itself set or deleted a
 * key, so the engine reads its own uncommitted writes before asking the store. It holds no native
 * resources, so an abort loses nothing but memory. Keys and values are not copied: callers must not
 * change an array after handing it over. Not thread-safe; one per task, reused batch after batch.
 */
public final class StateBatch {

    // Sorted per store: commit writes keys in order and callers can overlay a range scan with
    // writes(store).subMap(from, true, until, false). TreeMap looks up by byte[] without the
    // wrapper object a HashMap key would need.
    private final Map<String, TreeMap<byte[], Pending>> stores = new HashMap<>();
    private int size;

    /** Sets {@code key} in {@code store} to {@code value}, replacing any earlier pending write. */
    public void put(String store, byte[] key, byte[] value) {
        Objects.requireNonNull(value, "value");
        write(store, key, new Pending.Put(value));
    }

    /** Deletes {@code key} from {@code store}, replacing any earlier pending write. */
    public void delete(String store, byte[] key) {
        write(store, key, Pending.DELETED);
    }

    /**
     * What this batch holds for {@code key} in {@code store}: a {@link Pending.Put}, {@link
     * Pending#DELETED}, or {@link Pending#ABSENT} when the batch does not touch the key.
     */
    public Pending lookup(String store, byte[] key) {
        Objects.requireNonNull(key, "key");
        TreeMap<byte[], Pending> writes = stores.get(store);
        Pending pending = writes == null ? null : writes.get(key);
        return pending == null ? Pending.ABSENT : pending;
    }

    /**
     * The value of {@code key} as committing this batch would leave it: the pending write if there
     * is one, else what {@code store} holds; null when absent or deleted.
     */
    public byte[] readThrough(KeyValueStore store, byte[] key) {
        Pending pending = lookup(store.name(), key);
        if (pending instanceof Pending.Put put) {
            return put.value();
        }
        return pending == Pending.DELETED ? null : store.get(key);
    }

    /**
     * The values of {@code keys} as committing this batch would leave them, in the order of {@code
     * keys}: pending writes answer first, and the keys the batch does not touch are read from
     * {@code store} in one multi-get.
     */
    public List<byte[]> readThrough(KeyValueStore store, List<byte[]> keys) {
        List<byte[]> values = new ArrayList<>(keys.size());
        List<byte[]> misses = new ArrayList<>();
        int[] missAt = new int[keys.size()];
        for (byte[] key : keys) {
            Pending pending = lookup(store.name(), key);
            if (pending == Pending.ABSENT) {
                missAt[misses.size()] = values.size();
                misses.add(key);
            }
            values.add(pending instanceof Pending.Put put ? put.value() : null);
        }
        if (!misses.isEmpty()) {
            List<byte[]> committed = store.multiGet(misses);
            for (int i = 0; i < misses.size(); i++) {
                values.set(missAt[i], committed.get(i));
            }
        }
        return values;
    }

    /**
     * The entries of {@code store} from {@code fromInclusive} up to {@code untilExclusive} as
     * committing this batch would leave them: the committed ones with the pending writes over them,
     * in key order.
     */
    public NavigableMap<byte[], byte[]> rangeThrough(
            KeyValueStore store, byte[] fromInclusive, byte[] untilExclusive) {
        TreeMap<byte[], byte[]> merged = new TreeMap<>(Arrays::compareUnsigned);
        try (KeyValueIterator committed = store.range(fromInclusive, untilExclusive)) {
            while (committed.next()) {
                merged.put(committed.key(), committed.value());
            }
        }
        for (Map.Entry<byte[], Pending> write :
                writes(store.name())
                        .subMap(fromInclusive, true, untilExclusive, false)
                        .entrySet()) {
            if (write.getValue() instanceof Pending.Put put) {
                merged.put(write.getKey(), put.value());
            } else {
                merged.remove(write.getKey());
            }
        }
        return merged;
    }

    /** The stores this batch writes to. */
    public Set<String> stores() {
        return Collections.unmodifiableSet(stores.keySet());
    }

    /**
     * The pending writes to {@code store} in unsigned-lexicographic key order, a read-only view;
     * empty when the batch does not write to it.
     */
    public NavigableMap<byte[], Pending> writes(String store) {
        TreeMap<byte[], Pending> writes = stores.get(store);
        // an empty map with the byte[] order: Collections.emptyNavigableMap() compares keys as
        // Comparable in subMap, which byte[] is not
        return Collections.unmodifiableNavigableMap(
                writes == null ? new TreeMap<>(Arrays::compareUnsigned) : writes);
    }

    /** The number of pending writes, one per store and key. */
    public int size() {
        return size;
    }

    /** Whether the batch holds no pending write. */
    public boolean isEmpty() {
        return size == 0;
    }

    /** Drops every pending write: on abort, and by {@link TaskStore#commit} once applied. */
    public void clear() {
        stores.clear();
        size = 0;
    }

    private void write(String store, byte[] key, Pending pending) {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(key, "key");
        TreeMap<byte[], Pending> writes = stores.get(store);
        if (writes == null) {
            writes = new TreeMap<>(Arrays::compareUnsigned);
            stores.put(store, writes);
        }
        if (writes.put(key, pending) == null) {
            size++;
        }
    }
}
