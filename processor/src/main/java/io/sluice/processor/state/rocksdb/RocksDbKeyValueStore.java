package io.sluice.processor.state.rocksdb;

import io.sluice.processor.state.KeyValueIterator;
import io.sluice.processor.state.KeyValueStore;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;

/**
 * A {@link KeyValueStore} kept in one column family of its task's database.
 *
 * <p>The task store attaches the column family handle each time it opens the database (at open and
 * after a wipe), so this object outlives both.
 */
final class RocksDbKeyValueStore implements KeyValueStore {

    private final String name;
    private final RocksDbTaskStore task;
    private ColumnFamilyHandle family; // null while the database is closed

    RocksDbKeyValueStore(String name, RocksDbTaskStore task) {
        this.name = name;
        this.task = task;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public byte[] get(byte[] key) {
        Objects.requireNonNull(key, "key");
        ColumnFamilyHandle handle = family();
        try {
            return task.database().get(handle, task.options().reads(), key);
        } catch (RocksDBException e) {
            throw RocksDbErrors.translate(e, "reading store %s of task %s", name, task.id());
        }
    }

    @Override
    public List<byte[]> multiGet(List<byte[]> keys) {
        Objects.requireNonNull(keys, "keys");
        if (keys.isEmpty()) {
            return List.of();
        }
        ColumnFamilyHandle handle = family();
        try {
            // RocksDB wants one handle per key; nCopies is that list without the copies.
            return task.database()
                    .multiGetAsList(
                            task.options().reads(), Collections.nCopies(keys.size(), handle), keys);
        } catch (RocksDBException e) {
            throw RocksDbErrors.translate(
                    e, "reading %d keys of store %s of task %s", keys.size(), name, task.id());
        }
    }

    @Override
    public KeyValueIterator range(byte[] fromInclusive, byte[] toExclusive) {
        Objects.requireNonNull(fromInclusive, "fromInclusive");
        Objects.requireNonNull(toExclusive, "toExclusive");
        if (Arrays.compareUnsigned(fromInclusive, toExclusive) > 0) {
            throw new IllegalArgumentException(
                    String.format(
                            "range of store %s: fromInclusive %s sorts after toExclusive %s",
                            name, Arrays.toString(fromInclusive), Arrays.toString(toExclusive)));
        }
        return task.openCursor(family(), fromInclusive, toExclusive);
    }

    @Override
    public KeyValueIterator all() {
        return task.openCursor(family(), null, null);
    }

    void attach(ColumnFamilyHandle family) {
        this.family = family;
    }

    ColumnFamilyHandle family() {
        if (family == null) {
            throw new IllegalStateException(
                    String.format("store %s of task %s is closed", name, task.id()));
        }
        return family;
    }
}
