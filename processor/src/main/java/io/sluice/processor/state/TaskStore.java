package io.sluice.processor.state;

import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * One task's local state: a {@link KeyValueStore} per stateful operator, and for each the offset of
 * its changelog partition the local state has caught up to, both committed together.
 *
 * <p>Local state is a cache of the changelog topics. After each committed Kafka transaction the
 * engine applies the batch's writes and the changelog offsets they reach in one atomic {@link
 * #commit}; on assignment it replays each changelog from {@link #changelogOffset} with {@link
 * #restore}; when the local state cannot be trusted ({@link
 * io.sluice.processor.StateCorruptedException}, or an offset ahead of the changelog) it calls
 * {@link #wipe()} and restores from the beginning.
 *
 * <p>A task store is used by its task's thread only. Closing it releases its native resources and
 * makes its stores unusable; the data stays on disk for the next open.
 */
public interface TaskStore extends AutoCloseable {

    /** Which task's state this is. */
    TaskStoreId id();

    /** The names of the stores opened, in the order given. */
    Set<String> storeNames();

    /**
     * The store named {@code name}.
     *
     * @throws IllegalArgumentException when the task store was not opened with that name
     */
    KeyValueStore store(String name);

    /**
     * The next offset to read from {@code store}'s changelog partition: everything before it is in
     * the local state. Empty when nothing was ever committed or restored for the store (a new or
     * wiped store: replay the changelog from its beginning).
     */
    OptionalLong changelogOffset(String store);

    /**
     * Applies {@code batch}'s writes and the new {@code changelogOffsets} (store name to the next
     * changelog offset) in one atomic RocksDB write, then clears {@code batch}.
     *
     * <p>Call it only after the Kafka transaction holding the same changes committed. All or none
     * of it is applied: on an exception the batch is left as it was and nothing is written.
     *
     * @throws IllegalArgumentException when the batch or the offsets name a store this task store
     *     did not open, or an offset is negative
     */
    void commit(StateBatch batch, Map<String, Long> changelogOffsets);

    /**
     * Applies changelog records to {@code store} in bounded write batches, then records {@code
     * nextOffset} (the offset after the last record applied) as its changelog offset.
     *
     * <p>Call it repeatedly, one chunk of polled changelog records at a time. A crash in the middle
     * leaves the store with some of the records and the previous offset; replaying from that offset
     * gives the same state, since a changelog's records are applied in order and the last write of
     * a key wins.
     */
    void restore(String store, Iterable<ChangelogEntry> entries, long nextOffset);

    /**
     * Deletes the task's local state and reopens it empty, with the same stores: no data, no
     * changelog offsets. Cursors still open are closed; the {@link KeyValueStore}s stay usable.
     */
    void wipe();

    /** RocksDB's estimate of the number of keys in {@code store}: cheap, for metrics. */
    long approximateKeys(String store);

    /** The exact number of keys in {@code store}, by scanning it: for tests and tools. */
    long countKeys(String store);

    /** The bytes the task's state takes: live SST files plus memtables, for metrics. */
    long sizeBytes();

    /** Releases the native resources; the data stays on disk. Calling it again does nothing. */
    @Override
    void close();
}
