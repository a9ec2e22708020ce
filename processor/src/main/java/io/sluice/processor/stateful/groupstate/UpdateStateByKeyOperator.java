package io.sluice.processor.stateful.groupstate;

import io.sluice.processor.RowCollector;
import io.sluice.processor.state.StateBatch;
import io.sluice.processor.state.TaskStore;
import io.sluice.processor.stateful.StatefulOperator;
import io.sluice.processor.stateful.TaskInfo;
import io.sluice.processor.stateful.TaskOperator;
import io.sluice.processor.stateful.groupstate.GroupStateStore.Stored;
import io.sluice.processor.window.Admission;
import io.sluice.processor.window.GroupColumn;
import io.sluice.processor.window.GroupKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * Spark Streaming's {@code updateStateByKey} as a stateful operator: every batch, the update
 * function runs for every key that has a state or new values, and the whole state is emitted, one
 * row per key.
 *
 * <p>Implementation notes. A batch gathers its values by key in memory. {@link TaskOperator#finish}
 * scans the task's committed states once (that scan is also the read of the batch's keys: a key it
 * does not meet has no state), then the initial state on the task's first batch, then the batch's
 * new keys. A state whose bytes did not change is not written again. The initial state is seeded by
 * the task that owns each key ({@link TaskInfo#owns}) in its first batch, the one that writes the
 * task's seeded mark; the mark is in the changelog, so a restored task does not seed again. Batches
 * run when there is input: a quiet task emits nothing, unlike a DStream's fixed interval.
 */
final class UpdateStateByKeyOperator<V, S> implements StatefulOperator {
    private final KeyCodec keys;
    private final Function<GenericRecord, V> valueOf;
    private final UpdateStateFunction<V, S> update;
    private final StateCodec<S> codec;
    private final Schema outputSchema;
    private final StateRowFunction<S> toRow;
    private final Map<GroupKey, S> initialState;

    UpdateStateByKeyOperator(
            List<GroupColumn> keyColumns,
            Function<GenericRecord, V> valueOf,
            UpdateStateFunction<V, S> update,
            StateCodec<S> codec,
            Map<GroupKey, S> initialState,
            Schema outputSchema,
            StateRowFunction<S> toRow) {
        this.keys = new KeyCodec(keyColumns);
        this.valueOf = Objects.requireNonNull(valueOf, "valueOf");
        this.update = Objects.requireNonNull(update, "update");
        this.codec = Objects.requireNonNull(codec, "codec");
        this.initialState = new LinkedHashMap<>(initialState);
        this.outputSchema = Objects.requireNonNull(outputSchema, "outputSchema");
        this.toRow = Objects.requireNonNull(toRow, "toRow");
        for (Map.Entry<GroupKey, S> initial : this.initialState.entrySet()) {
            keys.encode(initial.getKey()); // a key of the wrong shape fails here, not in a batch
            Objects.requireNonNull(initial.getValue(), "the initial state of a key");
        }
    }

    @Override
    public List<String> stores() {
        return List.of(GroupStateStore.STATES);
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
        return "updateStateByKey";
    }

    /**
     * @throws IllegalStateException when there is an initial state and the task cannot tell which
     *     keys it owns (a source declared partitionedBy with several partitions)
     */
    @Override
    public TaskOperator open(TaskStore store, StateBatch pending, TaskInfo task) {
        if (!initialState.isEmpty() && !task.knowsItsKeys()) {
            throw new IllegalStateException(
                    "updateStateByKey with an initial state cannot tell which keys task "
                            + task.partition()
                            + " owns: its source was partitioned by the producer; drop"
                            + " partitionedBy from the source so rows move by the step's key");
        }
        return new Task(new GroupStateStore(store, pending), task);
    }

    /** One task's batch in progress and its stored states. */
    private final class Task implements TaskOperator {
        private final GroupStateStore store;
        private final TaskInfo info;
        private final Map<GroupKey, List<V>> batch = new LinkedHashMap<>();

        Task(GroupStateStore store, TaskInfo info) {
            this.store = store;
            this.info = info;
        }

        @Override
        public Admission add(GenericRecord row, long eventTimeMs, long watermarkMs) {
            GroupKey key = keys.keyOf(row);
            V value = valueOf.apply(row);
            batch.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
            return Admission.ON_TIME;
        }

        @Override
        public void finish(long watermarkMs, long nextWatermarkMs, long nowMs, RowCollector out) {
            Map<GroupKey, S> seeded = seedOnce();
            store.forEachState(
                    (stateKey, stored) -> {
                        GroupKey key = keys.decode(GroupStateStore.keyBytes(stateKey));
                        seeded.remove(key);
                        List<V> values = batch.remove(key);
                        S state = codec.decode(stored.state());
                        settle(key, stateKey, stored, values, Optional.of(state), out);
                    });
            for (Map.Entry<GroupKey, S> initial : seeded.entrySet()) {
                GroupKey key = initial.getKey();
                byte[] stateKey = GroupStateStore.stateKey(keys.encode(key));
                settle(
                        key,
                        stateKey,
                        null,
                        batch.remove(key),
                        Optional.of(initial.getValue()),
                        out);
            }
            for (Map.Entry<GroupKey, List<V>> fresh : batch.entrySet()) {
                GroupKey key = fresh.getKey();
                byte[] stateKey = GroupStateStore.stateKey(keys.encode(key));
                settle(key, stateKey, null, fresh.getValue(), Optional.empty(), out);
            }
            batch.clear();
        }

        @Override
        public void aborted() {
            batch.clear();
        }

        /** The initial state of the keys this task owns, on its first batch; else nothing. */
        private Map<GroupKey, S> seedOnce() {
            Map<GroupKey, S> seeded = new LinkedHashMap<>();
            if (store.isSeeded()) {
                return seeded;
            }
            for (Map.Entry<GroupKey, S> initial : initialState.entrySet()) {
                if (info.owns(keys.encode(initial.getKey()))) {
                    seeded.put(initial.getKey(), initial.getValue());
                }
            }
            store.markSeeded();
            return seeded;
        }

        /** Updates one key, stages its write if its state changed, emits its row if it has one. */
        private void settle(
                GroupKey key,
                byte[] stateKey,
                Stored before,
                List<V> values,
                Optional<S> state,
                RowCollector out) {
            Optional<S> next = update.update(values == null ? List.of() : values, state);
            if (next == null || next.isEmpty()) {
                if (before != null) {
                    store.write(stateKey, before, null, false, 0);
                }
                return;
            }
            byte[] bytes = codec.encode(next.get());
            if (before == null || !Arrays.equals(bytes, before.state())) {
                store.write(stateKey, before, bytes, false, 0);
            }
            out.collect(toRow.row(key, next.get()));
        }
    }
}
