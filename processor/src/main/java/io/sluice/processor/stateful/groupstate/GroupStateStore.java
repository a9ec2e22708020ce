package io.sluice.processor.stateful.groupstate;

import io.sluice.processor.StateCorruptedException;
import io.sluice.processor.state.KeyValueIterator;
import io.sluice.processor.state.KeyValueStore;
import io.sluice.processor.state.StateBatch;
import io.sluice.processor.state.StateKeys;
import io.sluice.processor.state.TaskStore;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One task's group states on its RocksDB task store: reads from RocksDB (through the batch's own
 * pending writes), writes into the batch's {@link StateBatch} until the Kafka transaction commits.
 *
 * <p>Implementation notes. Two stores. {@value #STATES} maps {@code 0x01 | key bytes} to a value
 * {@code version | flags | [timeout, 8 bytes] | [state bytes]}; flags say whether a state and a
 * timeout are present (Spark keeps a removed state's timeout if the call set one). The single key
 * {@code 0x00} marks a task whose initial state was seeded. {@value #TIMEOUTS} maps {@code timeout
 * (8 bytes, order-preserving) | state key} to nothing, so the keys due by a time are one range
 * scan. Every write knows the key's previous value, so it replaces the old index entry and the
 * index never goes stale; a due entry that disagrees with its state is dropped all the same.
 */
final class GroupStateStore {
    /** The store of states and their timeouts. */
    static final String STATES = "group-state";

    /** The store of the timeout index. */
    static final String TIMEOUTS = "group-timeouts";

    /** The version byte in front of every value of {@value #STATES}. */
    static final byte FORMAT_VERSION = 1;

    private static final byte KEY_TAG = 0x01;
    private static final byte[] SEEDED = {0x00};
    private static final byte[] FIRST_STATE = {KEY_TAG};
    private static final byte[] AFTER_STATES = {KEY_TAG + 1};
    private static final byte[] NOTHING = new byte[0];
    private static final int HAS_STATE = 1;
    private static final int HAS_TIMEOUT = 2;

    private final TaskStore task;
    private final StateBatch pending;

    GroupStateStore(TaskStore task, StateBatch pending) {
        this.task = task;
        this.pending = pending;
    }

    /** What a key holds: its state's bytes (or null) and its timeout, if any. */
    record Stored(byte[] state, boolean hasTimeout, long timeoutMs) {}

    /** A timeout index entry: the time and the state key it points at. */
    record Due(long timeoutMs, byte[] stateKey) {}

    /** The state key of a key's bytes. */
    static byte[] stateKey(byte[] keyBytes) {
        byte[] stateKey = new byte[keyBytes.length + 1];
        stateKey[0] = KEY_TAG;
        System.arraycopy(keyBytes, 0, stateKey, 1, keyBytes.length);
        return stateKey;
    }

    /** The key's bytes of a state key. */
    static byte[] keyBytes(byte[] stateKey) {
        return Arrays.copyOfRange(stateKey, 1, stateKey.length);
    }

    /**
     * What the keys hold as committing the batch would leave them, null where nothing; one read.
     */
    List<Stored> read(List<byte[]> stateKeys) {
        List<byte[]> values = pending.readThrough(states(), stateKeys);
        List<Stored> stored = new ArrayList<>(values.size());
        for (byte[] value : values) {
            stored.add(value == null ? null : decode(value));
        }
        return stored;
    }

    /**
     * Stages a key's new state and timeout, given what it held before ({@code before}, or null): no
     * state and no timeout deletes the key.
     */
    void write(byte[] stateKey, Stored before, byte[] state, boolean hasTimeout, long timeoutMs) {
        boolean hadTimeout = before != null && before.hasTimeout();
        if (hadTimeout && (!hasTimeout || before.timeoutMs() != timeoutMs)) {
            pending.delete(TIMEOUTS, StateKeys.expiryKey(before.timeoutMs(), stateKey));
        }
        if (state == null && !hasTimeout) {
            if (before != null) {
                pending.delete(STATES, stateKey);
            }
            return;
        }
        pending.put(STATES, stateKey, encode(state, hasTimeout, timeoutMs));
        if (hasTimeout && !(hadTimeout && before.timeoutMs() == timeoutMs)) {
            pending.put(TIMEOUTS, StateKeys.expiryKey(timeoutMs, stateKey), NOTHING);
        }
    }

    /** The committed timeout entries at or before {@code untilMs}, in time order. */
    List<Due> due(long untilMs) {
        List<Due> due = new ArrayList<>();
        if (untilMs == Long.MIN_VALUE) {
            return due; // no watermark yet
        }
        try (KeyValueIterator it = timeouts().range(NOTHING, upperBound(untilMs))) {
            while (it.next()) {
                byte[] key = it.key();
                due.add(new Due(StateKeys.expiryWindowEnd(key), StateKeys.expiryStateKey(key)));
            }
        }
        return due;
    }

    /** Whether some committed timeout is at or before {@code untilMs}. */
    boolean hasDue(long untilMs) {
        if (untilMs == Long.MIN_VALUE) {
            return false;
        }
        try (KeyValueIterator it = timeouts().range(NOTHING, upperBound(untilMs))) {
            return it.next();
        }
    }

    /** Drops a timeout entry that no longer matches its key's state. */
    void dropStale(Due entry) {
        pending.delete(TIMEOUTS, StateKeys.expiryKey(entry.timeoutMs(), entry.stateKey()));
    }

    /** Receives the stored states of a scan. */
    @FunctionalInterface
    interface StateVisitor {
        void visit(byte[] stateKey, Stored stored);
    }

    /**
     * Visits every committed key that has a state, in key-byte order. The visitor may stage writes:
     * they go to the batch, not to the store being scanned.
     */
    void forEachState(StateVisitor visitor) {
        try (KeyValueIterator it = states().range(FIRST_STATE, AFTER_STATES)) {
            while (it.next()) {
                Stored stored = decode(it.value());
                if (stored.state() != null) {
                    visitor.visit(it.key(), stored);
                }
            }
        }
    }

    /** Whether the task's initial state was seeded, in a committed batch or this one. */
    boolean isSeeded() {
        return pending.readThrough(states(), SEEDED) != null;
    }

    /** Marks the task's initial state as seeded, with the batch. */
    void markSeeded() {
        pending.put(STATES, SEEDED, new byte[] {FORMAT_VERSION});
    }

    private static byte[] upperBound(long untilMs) {
        return untilMs == Long.MAX_VALUE
                ? new byte[] {
                    (byte) 0xFF,
                    (byte) 0xFF,
                    (byte) 0xFF,
                    (byte) 0xFF,
                    (byte) 0xFF,
                    (byte) 0xFF,
                    (byte) 0xFF,
                    (byte) 0xFF,
                    (byte) 0xFF
                }
                : StateKeys.expiryUpperBound(untilMs + 1);
    }

    private static byte[] encode(byte[] state, boolean hasTimeout, long timeoutMs) {
        int length = 2 + (hasTimeout ? Long.BYTES : 0) + (state == null ? 0 : state.length);
        ByteBuffer value = ByteBuffer.allocate(length);
        value.put(FORMAT_VERSION);
        value.put((byte) ((state != null ? HAS_STATE : 0) | (hasTimeout ? HAS_TIMEOUT : 0)));
        if (hasTimeout) {
            value.putLong(timeoutMs);
        }
        if (state != null) {
            value.put(state);
        }
        return value.array();
    }

    private static Stored decode(byte[] value) {
        if (value.length < 2 || value[0] != FORMAT_VERSION) {
            throw new StateCorruptedException(
                    "group state starts with version "
                            + (value.length == 0 ? "(none)" : Byte.toString(value[0]))
                            + ", expected "
                            + FORMAT_VERSION);
        }
        ByteBuffer in = ByteBuffer.wrap(value, 2, value.length - 2);
        boolean hasTimeout = (value[1] & HAS_TIMEOUT) != 0;
        if (hasTimeout && in.remaining() < Long.BYTES) {
            throw new StateCorruptedException("group state too short for its timeout");
        }
        long timeoutMs = hasTimeout ? in.getLong() : 0;
        byte[] state = null;
        if ((value[1] & HAS_STATE) != 0) {
            state = new byte[in.remaining()];
            in.get(state);
        }
        return new Stored(state, hasTimeout, timeoutMs);
    }

    private KeyValueStore states() {
        return task.store(STATES);
    }

    private KeyValueStore timeouts() {
        return task.store(TIMEOUTS);
    }
}
