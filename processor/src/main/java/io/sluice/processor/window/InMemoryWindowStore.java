package io.sluice.processor.window;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An in-memory window store keeps window states as the bytes {@link WindowStateCodec} writes, per
 * group sorted by start, so the reference exercises the same encoding as RocksDB state. Writes wait
 * in a pending set until {@link #commit()}; reads see committed state only.
 */
final class InMemoryWindowStore implements WindowStore {
    private final WindowStateCodec codec;
    private final Map<GroupKey, TreeMap<Long, byte[]>> committed = new LinkedHashMap<>();

    /** Pending writes by key; a null value is a delete. */
    private final Map<WindowKey, byte[]> pending = new HashMap<>();

    InMemoryWindowStore(WindowStateCodec codec) {
        this.codec = codec;
    }

    @Override
    public Optional<WindowState> get(WindowKey key) {
        TreeMap<Long, byte[]> windows = committed.get(key.group());
        byte[] value = windows == null ? null : windows.get(key.startMs());
        return value == null
                ? Optional.empty()
                : Optional.of(codec.decodeValue(key.group(), key.startMs(), value));
    }

    @Override
    public List<WindowState> sessions(GroupKey group) {
        List<WindowState> states = new ArrayList<>();
        TreeMap<Long, byte[]> windows = committed.get(group);
        if (windows != null) {
            for (Map.Entry<Long, byte[]> entry : windows.entrySet()) {
                states.add(codec.decodeValue(group, entry.getKey(), entry.getValue()));
            }
        }
        return states;
    }

    @Override
    public List<WindowState> range(GroupKey group, long fromMs, long untilMs) {
        List<WindowState> states = new ArrayList<>();
        TreeMap<Long, byte[]> windows = committed.get(group);
        if (windows != null && fromMs < untilMs) {
            for (Map.Entry<Long, byte[]> entry : windows.subMap(fromMs, untilMs).entrySet()) {
                states.add(codec.decodeValue(group, entry.getKey(), entry.getValue()));
            }
        }
        return states;
    }

    @Override
    public Iterable<WindowState> expired(long watermarkMs) {
        List<WindowState> expired = new ArrayList<>();
        for (WindowState state : all()) {
            if (state.endMs() <= watermarkMs) {
                expired.add(state);
            }
        }
        return expired;
    }

    @Override
    public Iterable<WindowState> all() {
        List<WindowState> states = new ArrayList<>();
        for (GroupKey group : committed.keySet()) {
            states.addAll(sessions(group));
        }
        return states;
    }

    @Override
    public void put(WindowState state) {
        pending.put(state.key(), codec.encodeValue(state));
    }

    @Override
    public void delete(WindowKey key) {
        pending.put(key, null);
    }

    /** Applies the pending writes. */
    void commit() {
        for (Map.Entry<WindowKey, byte[]> write : pending.entrySet()) {
            // Round-trip the group through its bytes, as a store keyed by bytes would.
            GroupKey group = codec.decodeGroup(codec.encodeGroup(write.getKey().group()));
            if (write.getValue() == null) {
                TreeMap<Long, byte[]> windows = committed.get(group);
                if (windows != null) {
                    windows.remove(write.getKey().startMs());
                    if (windows.isEmpty()) {
                        committed.remove(group);
                    }
                }
            } else {
                committed
                        .computeIfAbsent(group, g -> new TreeMap<>())
                        .put(write.getKey().startMs(), write.getValue());
            }
        }
        pending.clear();
    }

    /** The number of committed windows. */
    int size() {
        int size = 0;
        for (TreeMap<Long, byte[]> windows : committed.values()) {
            size += windows.size();
        }
        return size;
    }
}
