package io.sluice.processor.stateful;

import io.sluice.processor.state.KeyValueIterator;
import io.sluice.processor.state.KeyValueStore;
import io.sluice.processor.state.StateBatch;
import io.sluice.processor.state.StateKeys;
import io.sluice.processor.state.TaskStore;
import io.sluice.processor.window.GroupKey;
import io.sluice.processor.window.WindowKey;
import io.sluice.processor.window.WindowState;
import io.sluice.processor.window.WindowStateCodec;
import io.sluice.processor.window.WindowStore;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One task's window states on its RocksDB task store, as a windowed aggregation reads and changes
 * them during a batch: reads come from RocksDB (the touched windows prefetched in one multi-get),
 * writes go to the batch's {@link StateBatch} until the Kafka transaction commits.
 *
 * <p>Two stores: {@value #WINDOWS} maps {@code group | start} to the window's state; {@value
 * #EXPIRY} maps {@code end | group | start} to nothing, so that what the watermark closes is found
 * by a range scan over ended windows only. A session that grows keeps its key but not its end: its
 * old expiry entry goes stale and is dropped when a scan meets it.
 */
public final class RocksDbWindowStore implements WindowStore {
    public static final String WINDOWS = "windows";
    public static final String EXPIRY = "expiry";
    private static final byte[] NOTHING = new byte[0];

    private final TaskStore task;
    private final StateBatch pending;
    private final WindowStateCodec codec;
    private final Map<ByteBuffer, byte[]> prefetched = new HashMap<>();

    RocksDbWindowStore(TaskStore task, StateBatch pending, WindowStateCodec codec) {
        this.task = task;
        this.pending = pending;
        this.codec = codec;
    }

    /** Reads the windows a batch touched in one multi-get, before the aggregator asks for them. */
    void prefetch(List<WindowKey> keys) {
        prefetched.clear();
        List<byte[]> stateKeys = new ArrayList<>(keys.size());
        for (WindowKey key : keys) {
            stateKeys.add(stateKey(key));
        }
        List<byte[]> values = pending.readThrough(windows(), stateKeys);
        for (int i = 0; i < stateKeys.size(); i++) {
            prefetched.put(ByteBuffer.wrap(stateKeys.get(i)), values.get(i));
        }
    }

    @Override
    public Optional<WindowState> get(WindowKey key) {
        byte[] stateKey = stateKey(key);
        ByteBuffer wrapped = ByteBuffer.wrap(stateKey);
        byte[] value =
                prefetched.containsKey(wrapped)
                        ? prefetched.get(wrapped)
                        : pending.readThrough(windows(), stateKey);
        return value == null
                ? Optional.empty()
                : Optional.of(codec.decodeValue(key.group(), key.startMs(), value));
    }

    @Override
    public List<WindowState> sessions(GroupKey group) {
        byte[] groupBytes = codec.encodeGroup(group);
        List<WindowState> sessions = new ArrayList<>();
        try (KeyValueIterator it =
                windows()
                        .range(
                                StateKeys.groupLowerBound(groupBytes),
                                StateKeys.groupUpperBound(groupBytes))) {
            while (it.next()) {
                sessions.add(codec.decodeValue(group, StateKeys.windowStart(it.key()), it.value()));
            }
        }
        return sessions;
    }

    @Override
    public List<WindowState> range(GroupKey group, long fromMs, long untilMs) {
        byte[] groupBytes = codec.encodeGroup(group);
        List<WindowState> states = new ArrayList<>();
        if (fromMs >= untilMs) {
            return states;
        }
        try (KeyValueIterator it =
                windows()
                        .range(
                                StateKeys.windowKey(groupBytes, fromMs),
                                StateKeys.windowKey(groupBytes, untilMs))) {
            while (it.next()) {
                states.add(codec.decodeValue(group, StateKeys.windowStart(it.key()), it.value()));
            }
        }
        return states;
    }

    @Override
    public Iterable<WindowState> expired(long watermarkMs) {
        List<byte[]> stateKeys = new ArrayList<>();
        List<byte[]> expiryKeys = new ArrayList<>();
        try (KeyValueIterator it =
                task.store(EXPIRY)
                        .range(new byte[0], StateKeys.expiryUpperBound(watermarkMs + 1))) {
            while (it.next()) {
                expiryKeys.add(it.key());
                stateKeys.add(StateKeys.expiryStateKey(it.key()));
            }
        }
        List<byte[]> values = windows().multiGet(stateKeys);
        List<WindowState> closed = new ArrayList<>();
        for (int i = 0; i < stateKeys.size(); i++) {
            byte[] stateKey = stateKeys.get(i);
            byte[] value = values.get(i);
            WindowState state =
                    value == null
                            ? null
                            : codec.decodeValue(
                                    codec.decodeGroup(StateKeys.group(stateKey)),
                                    StateKeys.windowStart(stateKey),
                                    value);
            if (state == null || state.endMs() != StateKeys.expiryWindowEnd(expiryKeys.get(i))) {
                pending.delete(EXPIRY, expiryKeys.get(i)); // stale: the window is gone or grew
            } else {
                closed.add(state);
            }
        }
        return closed;
    }

    /** Whether some stored window ends at or before {@code watermarkMs} (stale entries count). */
    boolean hasExpired(long watermarkMs) {
        try (KeyValueIterator it =
                task.store(EXPIRY)
                        .range(new byte[0], StateKeys.expiryUpperBound(watermarkMs + 1))) {
            return it.next();
        }
    }

    @Override
    public Iterable<WindowState> all() {
        List<WindowState> states = new ArrayList<>();
        try (KeyValueIterator it = windows().all()) {
            while (it.next()) {
                byte[] key = it.key();
                states.add(
                        codec.decodeValue(
                                codec.decodeGroup(StateKeys.group(key)),
                                StateKeys.windowStart(key),
                                it.value()));
            }
        }
        return states;
    }

    @Override
    public void put(WindowState state) {
        byte[] stateKey = stateKey(state.key());
        pending.put(WINDOWS, stateKey, codec.encodeValue(state));
        pending.put(EXPIRY, StateKeys.expiryKey(state.endMs(), stateKey), NOTHING);
    }

    @Override
    public void delete(WindowKey key) {
        byte[] stateKey = stateKey(key);
        byte[] value = pending.readThrough(windows(), stateKey);
        if (value != null) {
            long end = codec.decodeValue(key.group(), key.startMs(), value).endMs();
            pending.delete(EXPIRY, StateKeys.expiryKey(end, stateKey));
        }
        pending.delete(WINDOWS, stateKey);
    }

    private byte[] stateKey(WindowKey key) {
        return StateKeys.windowKey(codec.encodeGroup(key.group()), key.startMs());
    }

    private KeyValueStore windows() {
        return task.store(WINDOWS);
    }
}
