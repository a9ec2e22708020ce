package io.sluice.bench.window;

import io.sluice.processor.window.GroupKey;
import io.sluice.processor.window.WindowKey;
import io.sluice.processor.window.WindowState;
import io.sluice.processor.window.WindowStateCodec;
import io.sluice.processor.window.WindowStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * An encoded window store keeps window states in memory as the bytes {@link WindowStateCodec}
 * writes, per group sorted by start, with an index by end: the engine's RocksDB store without
 * RocksDB, so a benchmark pays for encoding and decoding state but not for disk or JNI. Writes
 * apply at once.
 */
final class EncodedWindowStore implements WindowStore {
    private final WindowStateCodec codec;
    private final Map<GroupKey, TreeMap<Long, byte[]>> windows = new HashMap<>();
    private final Map<WindowKey, Long> ends = new HashMap<>();
    private final TreeMap<Long, Set<WindowKey>> byEnd = new TreeMap<>();

    EncodedWindowStore(WindowStateCodec codec) {
        this.codec = codec;
    }

    @Override
    public Optional<WindowState> get(WindowKey key) {
        TreeMap<Long, byte[]> group = windows.get(key.group());
        byte[] value = group == null ? null : group.get(key.startMs());
        return value == null
                ? Optional.empty()
                : Optional.of(codec.decodeValue(key.group(), key.startMs(), value));
    }

    @Override
    public List<WindowState> sessions(GroupKey group) {
        return range(group, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    @Override
    public List<WindowState> range(GroupKey group, long fromMs, long untilMs) {
        List<WindowState> states = new ArrayList<>();
        TreeMap<Long, byte[]> stored = windows.get(group);
        if (stored != null && fromMs < untilMs) {
            for (Map.Entry<Long, byte[]> entry : stored.subMap(fromMs, untilMs).entrySet()) {
                states.add(codec.decodeValue(group, entry.getKey(), entry.getValue()));
            }
        }
        return states;
    }

    @Override
    public Iterable<WindowState> expired(long watermarkMs) {
        List<WindowState> expired = new ArrayList<>();
        for (Set<WindowKey> keys : byEnd.headMap(watermarkMs, true).values()) {
            for (WindowKey key : keys) {
                expired.add(get(key).orElseThrow());
            }
        }
        return expired;
    }

    @Override
    public Iterable<WindowState> all() {
        List<WindowState> all = new ArrayList<>();
        for (GroupKey group : windows.keySet()) {
            all.addAll(sessions(group));
        }
        return all;
    }

    @Override
    public void put(WindowState state) {
        WindowKey key = state.key();
        delete(key);
        windows.computeIfAbsent(key.group(), g -> new TreeMap<>())
                .put(key.startMs(), codec.encodeValue(state));
        ends.put(key, state.endMs());
        byEnd.computeIfAbsent(state.endMs(), e -> new HashSet<>()).add(key);
    }

    @Override
    public void delete(WindowKey key) {
        Long end = ends.remove(key);
        if (end == null) {
            return;
        }
        windows.get(key.group()).remove(key.startMs());
        Set<WindowKey> keys = byEnd.get(end);
        keys.remove(key);
        if (keys.isEmpty()) {
            byEnd.remove(end);
        }
    }
}
