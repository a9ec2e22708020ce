package io.sluice.processor.state.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.rocksdb.AbstractImmutableNativeReference;
import org.rocksdb.AbstractNativeReference;

/** Closes state stores in tests and fails when a native RocksDB object outlives them. */
final class NativeLeaks {

    private NativeLeaks() {}

    /**
     * Closes {@code stores} (again, if the test closed it) and checks that every native object it
     * had open is released.
     */
    static void closeAndAssertReleased(RocksDbStateStores stores) {
        List<AbstractNativeReference> live = stores.liveHandles();

        stores.close();

        assertThat(stores.openNativeHandles()).as("native handles left open").isZero();
        for (AbstractNativeReference handle : live) {
            // Slices do not say whether they own their memory; the registry closed them above.
            if (handle instanceof AbstractImmutableNativeReference immutable) {
                assertThat(immutable.isOwningHandle())
                        .as("%s still owns its native handle", handle.getClass().getSimpleName())
                        .isFalse();
            }
        }
    }
}
