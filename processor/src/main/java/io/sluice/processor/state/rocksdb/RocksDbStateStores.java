package io.sluice.processor.state.rocksdb;

import io.sluice.processor.state.StateSettings;
import io.sluice.processor.state.StateStores;
import io.sluice.processor.state.TaskStore;
import io.sluice.processor.state.TaskStoreId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.rocksdb.AbstractNativeReference;
import org.rocksdb.RocksDB;

/**
 * {@link StateStores} on RocksDB: a database per task, all sharing one {@link RocksDbOptions}
 * (block cache, write-buffer manager, options) sized by {@link StateSettings}.
 */
public final class RocksDbStateStores implements StateStores {

    private final StateSettings settings;
    private final RocksDbOptions options;
    private final Map<TaskStoreId, RocksDbTaskStore> tasks = new HashMap<>();
    private boolean closed;

    private RocksDbStateStores(StateSettings settings) {
        this.settings = settings;
        this.options = new RocksDbOptions(settings);
    }

    /** Loads RocksDB's native library on a daemon thread; {@link #open} waits for it. */
    public static void preloadLibrary() {
        Thread loader = new Thread(RocksDB::loadLibrary, "sluice-rocksdb-load");
        loader.setDaemon(true);
        loader.start();
    }

    /** Loads RocksDB's native library and opens the state of the process under {@code settings}. */
    public static RocksDbStateStores open(StateSettings settings) {
        Objects.requireNonNull(settings, "settings");
        RocksDB.loadLibrary();
        TaskDirectories.create(settings.directory());
        return new RocksDbStateStores(settings);
    }

    @Override
    public synchronized TaskStore openTask(TaskStoreId id, Set<String> storeNames) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(storeNames, "storeNames");
        requireOpen();
        if (tasks.containsKey(id)) {
            throw new IllegalStateException(
                    String.format("the local state of task %s is open already", id));
        }
        RocksDbTaskStore task =
                RocksDbTaskStore.open(
                        id, id.directory(settings.directory()), storeNames, options, this::closed);
        tasks.put(id, task);
        return task;
    }

    @Override
    public synchronized void wipeTask(TaskStoreId id) {
        Objects.requireNonNull(id, "id");
        requireOpen();
        if (tasks.containsKey(id)) {
            throw new IllegalStateException(
                    String.format(
                            "the local state of task %s is open: close it first, or call wipe()"
                                    + " on its task store",
                            id));
        }
        TaskDirectories.delete(id.directory(settings.directory()));
    }

    @Override
    public synchronized int openNativeHandles() {
        int count = options.handles().count();
        for (RocksDbTaskStore task : tasks.values()) {
            count += task.handles().count();
        }
        return count;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        // Closing a task removes it from the map (closed(..)), so close a copy.
        for (RocksDbTaskStore task : List.copyOf(tasks.values())) {
            task.close();
        }
        options.close();
    }

    /** The shared options, cache and write-buffer manager: for tests. */
    RocksDbOptions options() {
        return options;
    }

    /** Every native object open now, shared ones first: for leak checks in tests. */
    synchronized List<AbstractNativeReference> liveHandles() {
        List<AbstractNativeReference> live = new ArrayList<>(options.handles().snapshot());
        for (RocksDbTaskStore task : tasks.values()) {
            live.addAll(task.handles().snapshot());
        }
        return live;
    }

    private synchronized void closed(RocksDbTaskStore task) {
        tasks.remove(task.id(), task);
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the state stores are closed");
        }
    }
}
