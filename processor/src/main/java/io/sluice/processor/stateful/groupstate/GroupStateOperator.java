package io.sluice.processor.stateful.groupstate;

import io.sluice.processor.RowCollector;
import io.sluice.processor.state.StateBatch;
import io.sluice.processor.state.TaskStore;
import io.sluice.processor.stateful.StatefulOperator;
import io.sluice.processor.stateful.TaskInfo;
import io.sluice.processor.stateful.TaskOperator;
import io.sluice.processor.stateful.groupstate.GroupStateStore.Due;
import io.sluice.processor.stateful.groupstate.GroupStateStore.Stored;
import io.sluice.processor.window.Admission;
import io.sluice.processor.window.GroupColumn;
import io.sluice.processor.window.GroupKey;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * {@code mapGroupsWithState} / {@code flatMapGroupsWithState} as a stateful operator: a user's
 * function over each key's rows of a batch and the key's state, with Spark's timeouts.
 *
 * <p>Implementation notes. A batch gathers its rows by key in memory, in the order read. {@link
 * TaskOperator#finish} reads the states of the batch's keys in one multi-get, calls the function
 * once per key, and stages one write per changed key. Then it calls the function, with no rows and
 * {@link GroupState#hasTimedOut()} true, for every other key whose timeout is due: processing time
 * at or before the batch's, or event time at or before the watermark computed at the end of the
 * batch (one range scan of the timeout index). A key called with rows is not also timed out in the
 * same batch. With event-time timeouts, rows at or behind the watermark in effect are late (Spark
 * drops them); without, no row is late, since nothing else uses the watermark.
 */
final class GroupStateOperator<S> implements StatefulOperator {
    private final KeyCodec keys;
    private final GroupFunction<S> function;
    private final StateCodec<S> codec;
    private final Schema outputSchema;
    private final GroupStateTimeout timeout;
    private final boolean watermarkPresent;

    GroupStateOperator(
            List<GroupColumn> keyColumns,
            GroupFunction<S> function,
            StateCodec<S> codec,
            Schema outputSchema,
            GroupStateTimeout timeout,
            boolean watermarkPresent) {
        this.keys = new KeyCodec(keyColumns);
        this.function = Objects.requireNonNull(function, "function");
        this.codec = Objects.requireNonNull(codec, "codec");
        this.outputSchema = Objects.requireNonNull(outputSchema, "outputSchema");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.watermarkPresent = watermarkPresent;
    }

    /** The timeouts it keeps. */
    GroupStateTimeout timeout() {
        return timeout;
    }

    /** A copy that knows whether its stage has a watermark. */
    GroupStateOperator<S> withWatermark(boolean present) {
        return new GroupStateOperator<>(
                keys.columns(), function, codec, outputSchema, timeout, present);
    }

    @Override
    public List<String> stores() {
        return List.of(GroupStateStore.STATES, GroupStateStore.TIMEOUTS);
    }

    @Override
    public List<GroupColumn> keyColumns() {
        return keys.columns();
    }

    @Override
    public Schema outputSchema() {
        return outputSchema;
    }

    @Override
    public String describe() {
        return function.name() + " (" + timeout + ")";
    }

    @Override
    public TaskOperator open(TaskStore store, StateBatch pending, TaskInfo task) {
        return new Task(new GroupStateStore(store, pending));
    }

    /** One task's batch in progress and its stored states. */
    private final class Task implements TaskOperator {
        private final GroupStateStore store;
        private final Map<GroupKey, List<GenericRecord>> batch = new LinkedHashMap<>();

        Task(GroupStateStore store) {
            this.store = store;
        }

        @Override
        public Admission add(GenericRecord row, long eventTimeMs, long watermarkMs) {
            if (timeout == GroupStateTimeout.EVENT_TIME && eventTimeMs <= watermarkMs) {
                return Admission.LATE;
            }
            batch.computeIfAbsent(keys.keyOf(row), key -> new ArrayList<>()).add(row);
            return Admission.ON_TIME;
        }

        @Override
        public void finish(long watermarkMs, long nextWatermarkMs, long nowMs, RowCollector out) {
            List<GroupKey> batchKeys = new ArrayList<>(batch.keySet());
            List<byte[]> stateKeys = new ArrayList<>(batchKeys.size());
            for (GroupKey key : batchKeys) {
                stateKeys.add(GroupStateStore.stateKey(keys.encode(key)));
            }
            List<Stored> before = store.read(stateKeys);
            Set<ByteBuffer> called = new HashSet<>();
            for (int i = 0; i < batchKeys.size(); i++) {
                GroupKey key = batchKeys.get(i);
                call(
                        key,
                        batch.get(key),
                        stateKeys.get(i),
                        before.get(i),
                        false,
                        watermarkMs,
                        nowMs,
                        out);
                called.add(ByteBuffer.wrap(stateKeys.get(i)));
            }
            batch.clear();
            if (timeout == GroupStateTimeout.PROCESSING_TIME) {
                fireTimeouts(nowMs, nextWatermarkMs, nowMs, called, out);
            } else if (timeout == GroupStateTimeout.EVENT_TIME) {
                fireTimeouts(nextWatermarkMs, nextWatermarkMs, nowMs, called, out);
            }
        }

        @Override
        public void aborted() {
            batch.clear();
        }

        @Override
        public boolean hasDueWork(long nowMs, long watermarkMs) {
            if (timeout == GroupStateTimeout.PROCESSING_TIME) {
                return store.hasDue(nowMs);
            }
            return timeout == GroupStateTimeout.EVENT_TIME && store.hasDue(watermarkMs);
        }

        /** Calls the function for the keys whose timeout is at or before {@code untilMs}. */
        private void fireTimeouts(
                long untilMs,
                long watermarkMs,
                long nowMs,
                Set<ByteBuffer> called,
                RowCollector out) {
            List<Due> due = new ArrayList<>();
            for (Due entry : store.due(untilMs)) {
                if (!called.contains(ByteBuffer.wrap(entry.stateKey()))) {
                    due.add(entry);
                }
            }
            List<byte[]> stateKeys = new ArrayList<>(due.size());
            for (Due entry : due) {
                stateKeys.add(entry.stateKey());
            }
            List<Stored> stored = store.read(stateKeys);
            for (int i = 0; i < due.size(); i++) {
                Due entry = due.get(i);
                Stored before = stored.get(i);
                if (before == null
                        || !before.hasTimeout()
                        || before.timeoutMs() != entry.timeoutMs()) {
                    store.dropStale(entry);
                    continue;
                }
                GroupKey key = keys.decode(GroupStateStore.keyBytes(entry.stateKey()));
                call(key, List.of(), entry.stateKey(), before, true, watermarkMs, nowMs, out);
            }
        }

        /** One call of the function, then the key's write if the call changed anything. */
        private void call(
                GroupKey key,
                List<GenericRecord> rows,
                byte[] stateKey,
                Stored before,
                boolean timedOut,
                long watermarkMs,
                long nowMs,
                RowCollector out) {
            S state =
                    before == null || before.state() == null ? null : codec.decode(before.state());
            KeyState<S> handle =
                    new KeyState<>(state, timeout, nowMs, watermarkPresent, watermarkMs, timedOut);
            function.call(key, rows, handle, out);
            boolean hadTimeout = before != null && before.hasTimeout();
            boolean timeoutChanged =
                    handle.hasTimeout() != hadTimeout
                            || (hadTimeout && handle.timeoutMs() != before.timeoutMs());
            if (!handle.isChanged() && !timeoutChanged) {
                return;
            }
            byte[] bytes;
            if (handle.state() == null) {
                bytes = null;
            } else if (handle.isChanged()) {
                bytes = codec.encode(handle.state());
            } else {
                bytes = before.state();
            }
            store.write(stateKey, before, bytes, handle.hasTimeout(), handle.timeoutMs());
        }
    }
}
