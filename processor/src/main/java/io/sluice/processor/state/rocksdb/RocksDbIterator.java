package io.sluice.processor.state.rocksdb;

import io.sluice.processor.state.KeyValueIterator;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;

/**
 * A {@link KeyValueIterator} over a RocksDB iterator, with the read options and upper-bound slice
 * it was created with, all released together.
 */
final class RocksDbIterator implements KeyValueIterator {

    private final NativeHandles handles;
    private final RocksIterator iterator;
    private final ReadOptions readOptions; // null: the shared options, not ours to close
    private final Slice upperBound; // null: unbounded
    private boolean started;
    private boolean positioned;

    RocksDbIterator(
            NativeHandles handles,
            RocksIterator iterator,
            ReadOptions readOptions,
            Slice upperBound) {
        this.handles = handles;
        this.iterator = iterator;
        this.readOptions = readOptions;
        this.upperBound = upperBound;
    }

    @Override
    public boolean next() {
        requireOpen();
        if (started) {
            iterator.next();
        }
        started = true;
        positioned = iterator.isValid();
        if (!positioned) {
            try {
                iterator.status(); // an invalid iterator is either at the end or failed
            } catch (RocksDBException e) {
                throw RocksDbErrors.translate(e, "scanning a store");
            }
        }
        return positioned;
    }

    @Override
    public byte[] key() {
        requirePositioned();
        return iterator.key();
    }

    @Override
    public byte[] value() {
        requirePositioned();
        return iterator.value();
    }

    @Override
    public void close() {
        handles.release(iterator);
        if (upperBound != null) {
            handles.release(upperBound);
        }
        if (readOptions != null) {
            handles.release(readOptions);
        }
    }

    private void requireOpen() {
        // Calling into a closed iterator would touch freed native memory; the store may have
        // closed it (close, wipe) behind the caller's back.
        if (!iterator.isOwningHandle()) {
            throw new IllegalStateException(
                    "the cursor is closed (closed by the caller, or its task store closed or"
                            + " wiped)");
        }
    }

    private void requirePositioned() {
        requireOpen();
        if (!positioned) {
            throw new IllegalStateException(
                    "the cursor has no current entry: call next() and check that it returns true");
        }
    }
}
