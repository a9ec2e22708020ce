package io.sluice.processor.stateful.groupstate;

import io.sluice.processor.state.StateBatch;
import io.sluice.processor.state.StateSettings;
import io.sluice.processor.state.StateStores;
import io.sluice.processor.state.TaskStore;
import io.sluice.processor.state.TaskStoreId;
import io.sluice.processor.stateful.StatefulOperator;
import io.sluice.processor.stateful.TaskInfo;
import io.sluice.processor.stateful.TaskOperator;
import io.sluice.processor.window.Admission;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.generic.GenericRecord;

/**
 * Drives one task of a stateful operator through batches on a real RocksDB task store, as the
 * engine does: rows in, finish, then commit (apply the pending writes) or abort (drop them).
 */
final class TaskHarness implements AutoCloseable {
    private final StateStores stores;
    private final TaskStore store;
    private final StateBatch pending = new StateBatch();
    private final TaskOperator task;
    private final List<Admission> admissions = new ArrayList<>();
    private long changelogOffset;

    TaskHarness(Path directory, StatefulOperator operator, TaskInfo info) {
        this.stores = StateStores.open(new StateSettings(directory, 32L << 20));
        this.store =
                stores.openTask(
                        new TaskStoreId("groups", "p" + info.partition()),
                        Set.copyOf(operator.stores()));
        try {
            this.task = operator.open(store, pending, info);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** A row at event time {@code eventTimeMs} under the watermark in effect. */
    record Input(GenericRecord row, long eventTimeMs) {}

    /** Runs a batch and commits it; returns the rows it emitted. */
    List<GenericRecord> commit(
            List<Input> rows, long watermarkMs, long nextWatermarkMs, long nowMs) {
        List<GenericRecord> out = run(rows, watermarkMs, nextWatermarkMs, nowMs);
        Map<String, Long> offsets = new HashMap<>();
        for (String name : store.storeNames()) {
            offsets.put(name, ++changelogOffset);
        }
        store.commit(pending, offsets);
        return out;
    }

    /** Runs a batch up to its finish, then aborts it; returns the rows it would have emitted. */
    List<GenericRecord> abort(
            List<Input> rows, long watermarkMs, long nextWatermarkMs, long nowMs) {
        List<GenericRecord> out = run(rows, watermarkMs, nextWatermarkMs, nowMs);
        pending.clear();
        task.aborted();
        return out;
    }

    /** The admissions of the rows of every batch so far. */
    List<Admission> admissions() {
        return admissions;
    }

    boolean hasDueWork(long nowMs, long watermarkMs) {
        return task.hasDueWork(nowMs, watermarkMs);
    }

    /** The exact number of committed keys in a store. */
    long keys(String storeName) {
        return store.countKeys(storeName);
    }

    private List<GenericRecord> run(
            List<Input> rows, long watermarkMs, long nextWatermarkMs, long nowMs) {
        for (Input input : rows) {
            admissions.add(task.add(input.row(), input.eventTimeMs(), watermarkMs));
        }
        List<GenericRecord> out = new ArrayList<>();
        task.finish(watermarkMs, nextWatermarkMs, nowMs, out::add);
        return out;
    }

    @Override
    public void close() {
        store.close();
        stores.close();
    }
}
