package io.sluice.processor.state.rocksdb;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.processor.StateCorruptedException;
import io.sluice.processor.state.KeyValueIterator;
import io.sluice.processor.state.StateBatch;
import io.sluice.processor.state.StateSettings;
import io.sluice.processor.state.StateStores;
import io.sluice.processor.state.TaskStore;
import io.sluice.processor.state.TaskStoreId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

class RocksDbStateStoresTest {

    private static final long MEMORY_BYTES = 32L << 20;
    private static final TaskStoreId P0 = new TaskStoreId("sales", "p0");
    private static final TaskStoreId P1 = new TaskStoreId("sales", "p1");
    private static final Set<String> COUNTS = Set.of("counts");

    @TempDir Path directory;

    private RocksDbStateStores stores;

    @BeforeEach
    void open() {
        stores = RocksDbStateStores.open(new StateSettings(directory, MEMORY_BYTES));
    }

    @AfterEach
    void closeAndCheckHandles() {
        NativeLeaks.closeAndAssertReleased(stores);
    }

    @Test
    void shouldOpenRocksDbStoresWhenOpenedThroughTheInterface() {
        StateSettings settings = new StateSettings(directory.resolve("other"), MEMORY_BYTES);

        try (StateStores opened = StateStores.open(settings)) {
            assertThat(opened).isInstanceOf(RocksDbStateStores.class);
            assertThat(opened.openNativeHandles()).isPositive();
        }
    }

    @Test
    void shouldShareOneBoundedCacheWhenTwoTasksAreOpen() throws RocksDBException {
        RocksDbTaskStore first = (RocksDbTaskStore) stores.openTask(P0, COUNTS);
        RocksDbTaskStore second = (RocksDbTaskStore) stores.openTask(P1, COUNTS);
        long usageBefore = cacheUsageSeenBy(second);

        commitKeys(first, 20_000);

        assertThat(cacheCapacitySeenBy(first)).isEqualTo(MEMORY_BYTES);
        assertThat(cacheCapacitySeenBy(second)).isEqualTo(MEMORY_BYTES);
        // The first task's memtables are charged to the cache the second task reads through.
        assertThat(cacheUsageSeenBy(second)).isGreaterThan(usageBefore);
        assertThat(stores.options().cache().getUsage()).isEqualTo(cacheUsageSeenBy(second));
    }

    @Test
    void shouldReleaseATasksNativeObjectsWhenTheTaskCloses() {
        int shared = stores.openNativeHandles();
        TaskStore task = stores.openTask(P0, COUNTS);
        KeyValueIterator forgotten = task.store("counts").range(new byte[0], new byte[] {1});
        assertThat(stores.openNativeHandles()).isGreaterThan(shared);

        task.close();

        assertThat(stores.openNativeHandles()).isEqualTo(shared);
        assertThatThrownBy(forgotten::next).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shouldReleaseEveryNativeObjectWhenClosedWithTasksAndCursorsOpen() {
        TaskStore first = stores.openTask(P0, COUNTS);
        stores.openTask(P1, Set.of("counts", "expiry"));
        first.store("counts").all();
        first.store("counts").range(new byte[0], new byte[] {1});

        stores.close();

        assertThat(stores.openNativeHandles()).isZero();
    }

    @Test
    void shouldRefuseTheTaskWhenItIsOpenAlready() {
        stores.openTask(P0, COUNTS);

        assertThatThrownBy(() -> stores.openTask(P0, COUNTS))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("sales/p0");
    }

    @Test
    void shouldRefuseTheTaskWhenAnotherRocksDbHoldsItsLock() throws RocksDBException {
        Path taskDirectory = P0.directory(directory);
        TaskDirectories.create(taskDirectory);

        try (Options options = new Options().setCreateIfMissing(true);
                RocksDB other = RocksDB.open(options, taskDirectory.toString())) {
            assertThatThrownBy(() -> stores.openTask(P0, COUNTS))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("locked");
        }
    }

    @Test
    void shouldKeepAStoreOnDiskWhenTheTaskIsReopenedWithoutIt() {
        TaskStore task = stores.openTask(P0, Set.of("counts", "expiry"));
        commit(task, "expiry", "k", "v", 9);
        task.close();

        stores.openTask(P0, COUNTS).close();
        TaskStore reopened = stores.openTask(P0, Set.of("counts", "expiry"));

        assertThat(reopened.store("expiry").get(bytes("k"))).isEqualTo(bytes("v"));
        assertThat(reopened.changelogOffset("expiry")).hasValue(9L);
    }

    @Test
    void shouldReportCorruptionAndOpenEmptyAfterWipeWhenTheLocalStateIsDamaged()
            throws IOException {
        TaskStore task = stores.openTask(P0, COUNTS);
        commit(task, "counts", "k", "v", 3);
        task.close();
        Files.writeString(P0.directory(directory).resolve("CURRENT"), "garbage");

        assertThatThrownBy(() -> stores.openTask(P0, COUNTS))
                .isInstanceOf(StateCorruptedException.class)
                .hasMessageContaining("sales/p0");
        stores.wipeTask(P0);
        TaskStore rebuilt = stores.openTask(P0, COUNTS);

        assertThat(rebuilt.countKeys("counts")).isZero();
        assertThat(rebuilt.changelogOffset("counts")).isEmpty();
    }

    @Test
    void shouldReportCorruptionAtOpenWhenAnSstFileIsTruncated() {
        closeWithTables(P0);
        LocalStateDamage.truncateLargestTable(P0.directory(directory));

        assertThatThrownBy(() -> stores.openTask(P0, COUNTS))
                .isInstanceOf(StateCorruptedException.class)
                .hasMessageContaining("sales/p0");
        assertThat(stores.openNativeHandles()).isEqualTo(stores.options().handles().count());
    }

    @Test
    void shouldReportCorruptionAtOpenWhenTheManifestHoldsGarbage() {
        closeWithTables(P0);
        LocalStateDamage.garbageInManifest(P0.directory(directory));

        assertThatThrownBy(() -> stores.openTask(P0, COUNTS))
                .isInstanceOf(StateCorruptedException.class)
                .hasMessageContaining("sales/p0");
    }

    @Test
    void shouldReportCorruptionOnReadWhenADataBlockHoldsGarbage() {
        closeWithTables(P0);
        LocalStateDamage.overwriteStartOfLargestTable(P0.directory(directory));
        TaskStore reopened = stores.openTask(P0, COUNTS);

        assertThatThrownBy(() -> reopened.store("counts").get(bytes("key-0")))
                .isInstanceOf(StateCorruptedException.class)
                .hasMessageContaining("Corruption");
    }

    @Test
    void shouldOpenEmptyWithoutOffsetsWhenTheTaskDirectoryWasDeleted() throws IOException {
        closeWithTables(P0);
        TaskDirectories.delete(P0.directory(directory));

        TaskStore reopened = stores.openTask(P0, COUNTS);

        assertThat(reopened.countKeys("counts")).isZero();
        assertThat(reopened.changelogOffset("counts")).isEmpty();
    }

    @Test
    void shouldOpenEmptyAfterWipeWhenTheCorruptionWasDetectedAtOpen() {
        closeWithTables(P0);
        LocalStateDamage.truncateLargestTable(P0.directory(directory));
        assertThatThrownBy(() -> stores.openTask(P0, COUNTS))
                .isInstanceOf(StateCorruptedException.class);

        stores.wipeTask(P0);
        TaskStore rebuilt = stores.openTask(P0, COUNTS);

        assertThat(rebuilt.countKeys("counts")).isZero();
        assertThat(rebuilt.changelogOffset("counts")).isEmpty();
    }

    @Test
    void shouldReportCorruptionWhenTheStateFormatIsUnknown() throws RocksDBException {
        stores.openTask(P0, COUNTS).close();
        writeFormatVersion(P0.directory(directory), (byte) 99);

        assertThatThrownBy(() -> stores.openTask(P0, COUNTS))
                .isInstanceOf(StateCorruptedException.class)
                .hasMessageContaining("format");
        assertThat(stores.openNativeHandles()).isEqualTo(stores.options().handles().count());
    }

    @Test
    void shouldRefuseToWipeATaskWhenItIsOpen() {
        stores.openTask(P0, COUNTS);

        assertThatThrownBy(() -> stores.wipeTask(P0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shouldRefuseNewTasksWhenClosed() {
        stores.close();

        assertThatThrownBy(() -> stores.openTask(P0, COUNTS))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shouldRejectTheStoreNameWhenItIsReserved() {
        assertThatThrownBy(() -> stores.openTask(P0, Set.of(MetadataKeys.FAMILY)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> stores.openTask(P0, Set.of("default")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Commits keys to the task, closes it and writes its WAL into SST files. */
    private void closeWithTables(TaskStoreId id) {
        TaskStore task = stores.openTask(id, COUNTS);
        commitKeys(task, 2_000);
        task.close();
        LocalStateDamage.flushToTables(id.directory(directory));
    }

    private static long cacheCapacitySeenBy(RocksDbTaskStore task) throws RocksDBException {
        return task.database().getLongProperty(family(task), "rocksdb.block-cache-capacity");
    }

    private static long cacheUsageSeenBy(RocksDbTaskStore task) throws RocksDBException {
        return task.database().getLongProperty(family(task), "rocksdb.block-cache-usage");
    }

    private static ColumnFamilyHandle family(RocksDbTaskStore task) {
        return ((RocksDbKeyValueStore) task.store("counts")).family();
    }

    private static void commitKeys(TaskStore task, int count) {
        StateBatch batch = new StateBatch();
        for (int i = 0; i < count; i++) {
            batch.put("counts", bytes("key-" + i), new byte[100]);
        }
        task.commit(batch, Map.of("counts", (long) count));
    }

    private static void commit(
            TaskStore task, String store, String key, String value, long offset) {
        StateBatch batch = new StateBatch();
        batch.put(store, bytes(key), bytes(value));
        task.commit(batch, Map.of(store, offset));
    }

    /** Overwrites the stored format version behind the task store's back. */
    private static void writeFormatVersion(Path taskDirectory, byte version)
            throws RocksDBException {
        List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
        try (Options options = new Options()) {
            for (byte[] name : RocksDB.listColumnFamilies(options, taskDirectory.toString())) {
                descriptors.add(new ColumnFamilyDescriptor(name));
            }
        }
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        try (RocksDB db = RocksDB.open(taskDirectory.toString(), descriptors, handles)) {
            for (int i = 0; i < descriptors.size(); i++) {
                if (new String(descriptors.get(i).getName(), UTF_8).equals(MetadataKeys.FAMILY)) {
                    db.put(handles.get(i), MetadataKeys.FORMAT, new byte[] {version});
                }
            }
        } finally {
            handles.forEach(ColumnFamilyHandle::close);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(UTF_8);
    }
}
