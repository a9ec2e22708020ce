package io.sluice.processor.state.rocksdb;

import java.util.ArrayList;
import java.util.List;
import org.rocksdb.AbstractNativeReference;

/**
 * The native RocksDB objects one owner (the process's shared options, or one task's database) has
 * created and not yet released, closed in reverse order of creation.
 *
 * <p>Reverse order is what RocksDB needs: cursors before their read options, column family handles
 * before their database, a database before the options it was opened with. Not thread-safe; each
 * owner guards its own.
 */
final class NativeHandles {

    private final List<AbstractNativeReference> open = new ArrayList<>();

    /** Registers {@code handle} to be closed by {@link #closeAll()} unless released earlier. */
    <T extends AbstractNativeReference> T track(T handle) {
        open.add(handle);
        return handle;
    }

    /** Closes {@code handle} now and forgets it; does nothing when it is not tracked. */
    void release(AbstractNativeReference handle) {
        // Cursors are released in the reverse order they were opened, so search from the end.
        for (int i = open.size() - 1; i >= 0; i--) {
            if (open.get(i) == handle) {
                open.remove(i);
                handle.close();
                return;
            }
        }
    }

    /** Closes every tracked handle, newest first. */
    void closeAll() {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.remove(i).close();
        }
    }

    /** How many handles are open. */
    int count() {
        return open.size();
    }

    /** The open handles, oldest first (a copy). */
    List<AbstractNativeReference> snapshot() {
        return List.copyOf(open);
    }
}
