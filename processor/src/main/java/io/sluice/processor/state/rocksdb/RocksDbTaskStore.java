package io.sluice.processor.state.rocksdb;

import io.sluice.processor.StateCorruptedException;
import io.sluice.processor.state.ChangelogEntry;
import io.sluice.processor.state.KeyValueIterator;
import io.sluice.processor.state.KeyValueStore;
import io.sluice.processor.state.Pending;
import io.sluice.processor.state.StateBatch;
import io.sluice.processor.state.TaskStore;
import io.sluice.processor.state.TaskStoreId;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Consumer;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.WriteBatch;

/**
 * A {@link TaskStore} in one RocksDB database: a column family per store, plus a metadata family
 * holding the changelog offsets, so that data and offsets commit in one {@link WriteBatch}.
 *
 * <p>Every native object of the database (the database, its column family handles, the reused write
 * batch, open cursors) is tracked and closed in reverse order on close and wipe.
 */
final class RocksDbTaskStore implements TaskStore {

    // Bounds a restore's write batches: big enough to amortise a write, small enough not to
    // stall the memtable or hold much Java and native memory at once.
    private static final int RESTORE_BATCH_ENTRIES = 10_000;
    private static final long RESTORE_BATCH_BYTES = 4L << 20;

    // RocksDB's own family, always there; unused, but opened like any other.
    private static final String DEFAULT_FAMILY =
            new String(RocksDB.DEFAULT_COLUMN_FAMILY, StandardCharsets.UTF_8);

    private final TaskStoreId id;
    private final Path directory;
    private final RocksDbOptions options;
    private final Consumer<RocksDbTaskStore> onClose;
    private final Map<String, RocksDbKeyValueStore> stores = new LinkedHashMap<>();
    private final Map<String, byte[]> offsetKeys = new HashMap<>();
    private final NativeHandles handles = new NativeHandles();
    private RocksDB database; // null while closed
    private ColumnFamilyHandle metadata;
    private WriteBatch writeBatch;
    private boolean closed;

    private RocksDbTaskStore(
            TaskStoreId id,
            Path directory,
            Set<String> storeNames,
            RocksDbOptions options,
            Consumer<RocksDbTaskStore> onClose) {
        this.id = id;
        this.directory = directory;
        this.options = options;
        this.onClose = onClose;
        for (String name : storeNames) {
            requireStoreName(name);
            stores.put(name, new RocksDbKeyValueStore(name, this));
            offsetKeys.put(name, MetadataKeys.offsetKey(name));
        }
    }

    /** Opens, creating if needed, task {@code id}'s database in {@code directory}. */
    static RocksDbTaskStore open(
            TaskStoreId id,
            Path directory,
            Set<String> storeNames,
            RocksDbOptions options,
            Consumer<RocksDbTaskStore> onClose) {
        RocksDbTaskStore task = new RocksDbTaskStore(id, directory, storeNames, options, onClose);
        task.openDatabase();
        return task;
    }

    @Override
    public TaskStoreId id() {
        return id;
    }

    @Override
    public Set<String> storeNames() {
        return Collections.unmodifiableSet(stores.keySet());
    }

    @Override
    public KeyValueStore store(String name) {
        return requireStore(name);
    }

    @Override
    public OptionalLong changelogOffset(String store) {
        requireStore(store);
        byte[] value;
        try {
            value = database().get(metadata, options.reads(), offsetKeys.get(store));
        } catch (RocksDBException e) {
            throw RocksDbErrors.translate(e, "reading the changelog offset of %s/%s", id, store);
        }
        return value == null
                ? OptionalLong.empty()
                : OptionalLong.of(MetadataKeys.decodeOffset(store, value));
    }

    @Override
    public void commit(StateBatch batch, Map<String, Long> changelogOffsets) {
        Objects.requireNonNull(batch, "batch");
        Objects.requireNonNull(changelogOffsets, "changelogOffsets");
        RocksDB db = database();
        // Check everything before writing anything: the write must be all or nothing.
        for (String store : batch.stores()) {
            requireStore(store);
        }
        changelogOffsets.forEach(this::requireOffset);
        if (batch.isEmpty() && changelogOffsets.isEmpty()) {
            return;
        }
        try {
            for (String store : batch.stores()) {
                ColumnFamilyHandle family = stores.get(store).family();
                for (Map.Entry<byte[], Pending> write : batch.writes(store).entrySet()) {
                    if (write.getValue() instanceof Pending.Put put) {
                        writeBatch.put(family, write.getKey(), put.value());
                    } else {
                        writeBatch.delete(family, write.getKey());
                    }
                }
            }
            for (Map.Entry<String, Long> offset : changelogOffsets.entrySet()) {
                writeBatch.put(
                        metadata,
                        offsetKeys.get(offset.getKey()),
                        MetadataKeys.encodeOffset(offset.getValue()));
            }
            db.write(options.writes(), writeBatch);
        } catch (RocksDBException e) {
            throw RocksDbErrors.translate(e, "committing %d writes to task %s", batch.size(), id);
        } finally {
            writeBatch.clear();
        }
        batch.clear();
    }

    @Override
    public void restore(String store, Iterable<ChangelogEntry> entries, long nextOffset) {
        ColumnFamilyHandle family = requireStore(store).family();
        Objects.requireNonNull(entries, "entries");
        requireOffset(store, nextOffset);
        RocksDB db = database();
        try {
            for (ChangelogEntry entry : entries) {
                if (entry.isTombstone()) {
                    writeBatch.delete(family, entry.key());
                } else {
                    writeBatch.put(family, entry.key(), entry.value());
                }
                if (writeBatch.count() >= RESTORE_BATCH_ENTRIES
                        || writeBatch.getDataSize() >= RESTORE_BATCH_BYTES) {
                    db.write(options.writes(), writeBatch);
                    writeBatch.clear();
                }
            }
            // The offset goes with the last records: it never gets ahead of what was applied.
            writeBatch.put(metadata, offsetKeys.get(store), MetadataKeys.encodeOffset(nextOffset));
            db.write(options.writes(), writeBatch);
        } catch (RocksDBException e) {
            throw RocksDbErrors.translate(e, "restoring store %s of task %s", store, id);
        } finally {
            writeBatch.clear();
        }
    }

    @Override
    public void wipe() {
        database(); // fails when closed
        closeDatabase();
        TaskDirectories.delete(directory);
        openDatabase();
    }

    @Override
    public long approximateKeys(String store) {
        ColumnFamilyHandle family = requireStore(store).family();
        try {
            return database().getLongProperty(family, "rocksdb.estimate-num-keys");
        } catch (RocksDBException e) {
            throw RocksDbErrors.translate(e, "estimating the keys of %s/%s", id, store);
        }
    }

    @Override
    public long countKeys(String store) {
        long count = 0;
        try (KeyValueIterator cursor = requireStore(store).all()) {
            while (cursor.next()) {
                count++;
            }
        }
        return count;
    }

    @Override
    public long sizeBytes() {
        RocksDB db = database();
        try {
            return db.getAggregatedLongProperty("rocksdb.live-sst-files-size")
                    + db.getAggregatedLongProperty("rocksdb.cur-size-all-mem-tables");
        } catch (RocksDBException e) {
            throw RocksDbErrors.translate(e, "measuring the size of task %s", id);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeDatabase();
        onClose.accept(this);
    }

    /** A cursor over {@code family} from {@code from} until {@code until}; all when null. */
    KeyValueIterator openCursor(ColumnFamilyHandle family, byte[] from, byte[] until) {
        RocksDB db = database();
        if (until == null) {
            RocksIterator iterator = handles.track(db.newIterator(family, options.reads()));
            iterator.seekToFirst();
            return new RocksDbIterator(handles, iterator, null, null);
        }
        ReadOptions readOptions = handles.track(new ReadOptions());
        Slice upperBound = handles.track(new Slice(until));
        // The bound lets RocksDB stop at the end of the range instead of reading the next block.
        readOptions.setIterateUpperBound(upperBound);
        RocksIterator iterator = handles.track(db.newIterator(family, readOptions));
        iterator.seek(from);
        return new RocksDbIterator(handles, iterator, readOptions, upperBound);
    }

    /** The open database; fails once the task store is closed. */
    RocksDB database() {
        if (database == null) {
            throw new IllegalStateException(String.format("task store %s is closed", id));
        }
        return database;
    }

    RocksDbOptions options() {
        return options;
    }

    NativeHandles handles() {
        return handles;
    }

    private void openDatabase() {
        TaskDirectories.create(directory);
        List<String> families = familyNames();
        List<ColumnFamilyDescriptor> descriptors = new ArrayList<>(families.size());
        for (String family : families) {
            descriptors.add(
                    new ColumnFamilyDescriptor(
                            family.getBytes(StandardCharsets.UTF_8), familyOptions(family)));
        }
        List<ColumnFamilyHandle> opened = new ArrayList<>(families.size());
        try {
            database =
                    handles.track(
                            RocksDB.open(
                                    options.database(), directory.toString(), descriptors, opened));
        } catch (RocksDBException e) {
            throw RocksDbErrors.translate(e, "opening the local state of task %s", id);
        }
        opened.forEach(handles::track);
        metadata = opened.get(families.indexOf(MetadataKeys.FAMILY));
        for (RocksDbKeyValueStore store : stores.values()) {
            store.attach(opened.get(families.indexOf(store.name())));
        }
        writeBatch = handles.track(new WriteBatch());
        try {
            checkFormat();
        } catch (RuntimeException e) {
            closeDatabase();
            throw e;
        }
    }

    /** Every family to open: RocksDB wants all existing ones, even of stores no longer used. */
    private List<String> familyNames() {
        List<String> names = new ArrayList<>();
        names.add(DEFAULT_FAMILY);
        names.add(MetadataKeys.FAMILY);
        names.addAll(stores.keySet());
        if (TaskDirectories.holdsDatabase(directory)) {
            try (Options listing = new Options()) {
                for (byte[] existing : RocksDB.listColumnFamilies(listing, directory.toString())) {
                    String name = new String(existing, StandardCharsets.UTF_8);
                    if (!names.contains(name)) {
                        names.add(name);
                    }
                }
            } catch (RocksDBException e) {
                throw RocksDbErrors.translate(e, "listing the stores of task %s", id);
            }
        }
        return names;
    }

    private ColumnFamilyOptions familyOptions(String family) {
        boolean small = family.equals(MetadataKeys.FAMILY) || family.equals(DEFAULT_FAMILY);
        return small ? options.metadataFamily() : options.dataFamily();
    }

    private void checkFormat() {
        try {
            byte[] format = database.get(metadata, options.reads(), MetadataKeys.FORMAT);
            if (format == null) {
                database.put(
                        metadata,
                        options.writes(),
                        MetadataKeys.FORMAT,
                        MetadataKeys.formatValue());
            } else if (!MetadataKeys.isCurrentFormat(format)) {
                throw new StateCorruptedException(
                        String.format(
                                "the local state of task %s is in format %s, this version reads"
                                        + " format %d: wipe it and restore it from the changelog",
                                id, Arrays.toString(format), MetadataKeys.FORMAT_VERSION));
            }
        } catch (RocksDBException e) {
            throw RocksDbErrors.translate(e, "reading the state format of task %s", id);
        }
    }

    private void closeDatabase() {
        for (RocksDbKeyValueStore store : stores.values()) {
            store.attach(null);
        }
        handles.closeAll();
        database = null;
        metadata = null;
        writeBatch = null;
    }

    private RocksDbKeyValueStore requireStore(String name) {
        RocksDbKeyValueStore store = stores.get(name);
        if (store == null) {
            throw new IllegalArgumentException(
                    String.format(
                            "task %s has no store %s; it was opened with %s",
                            id, name, stores.keySet()));
        }
        return store;
    }

    private void requireOffset(String store, Long offset) {
        requireStore(store);
        if (offset == null || offset < 0) {
            throw new IllegalArgumentException(
                    String.format(
                            "the changelog offset of %s/%s must be >= 0, got %s",
                            id, store, offset));
        }
    }

    private static void requireStoreName(String name) {
        Objects.requireNonNull(name, "store name");
        if (name.isBlank() || name.equals(MetadataKeys.FAMILY) || name.equals(DEFAULT_FAMILY)) {
            throw new IllegalArgumentException(
                    String.format(
                            "'%s' cannot name a store: names must not be blank, 'default' or '%s'",
                            name, MetadataKeys.FAMILY));
        }
    }
}
