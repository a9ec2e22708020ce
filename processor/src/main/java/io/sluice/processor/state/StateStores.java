package io.sluice.processor.state;

import io.sluice.processor.state.rocksdb.RocksDbStateStores;
import java.util.Set;

/**
 * The local state of every task of the process, under one memory budget: opens a {@link TaskStore}
 * per task and closes them all.
 *
 * <p>One per process. However many tasks are open, RocksDB shares one block cache and one
 * write-buffer budget sized by {@link StateSettings}. Thread-safe: tasks may be opened and closed
 * from any thread, each task store then being used by its own task's thread.
 */
public interface StateStores extends AutoCloseable {

    /**
     * Starts loading the state's native library (RocksDB's) on a thread of its own and returns at
     * once: loading it takes about a quarter of a second, which a start can spend on its round
     * trips to the cluster instead; {@link #open} then waits for it, if it is not done.
     */
    static void preload() {
        RocksDbStateStores.preloadLibrary();
    }

    /** Opens the state of the process under {@code settings.directory()}. */
    static StateStores open(StateSettings settings) {
        return RocksDbStateStores.open(settings);
    }

    /**
     * Opens (creating if needed) the local state of task {@code id} with one store per name in
     * {@code storeNames}.
     *
     * <p>Stores found on disk but not named stay on disk untouched.
     *
     * @throws IllegalStateException when the task is open already, here or in another process
     * @throws io.sluice.processor.StateCorruptedException when the local state cannot be read:
     *     {@link #wipeTask} it, open it again and restore it from the changelog
     */
    TaskStore openTask(TaskStoreId id, Set<String> storeNames);

    /**
     * Deletes the local state of task {@code id}, which must not be open: the way out when {@link
     * #openTask} reports corrupted state.
     */
    void wipeTask(TaskStoreId id);

    /**
     * The number of native RocksDB objects not yet released, zero once closed: for leak checks and
     * metrics (approximate while task threads open and close cursors).
     */
    int openNativeHandles();

    /** Closes every open task store, then the shared cache and options. Idempotent. */
    @Override
    void close();
}
