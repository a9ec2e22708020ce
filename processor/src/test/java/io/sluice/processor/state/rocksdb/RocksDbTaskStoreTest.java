package io.sluice.processor.state.rocksdb;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.processor.state.ChangelogEntry;
import io.sluice.processor.state.KeyValueIterator;
import io.sluice.processor.state.KeyValueStore;
import io.sluice.processor.state.StateBatch;
import io.sluice.processor.state.StateKeys;
import io.sluice.processor.state.StateSettings;
import io.sluice.processor.state.TaskStore;
import io.sluice.processor.state.TaskStoreId;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RocksDbTaskStoreTest {

    private static final TaskStoreId TASK = new TaskStoreId("sales", "stage0-p3");
    private static final Set<String> STORES = Set.of("counts", "expiry");

    @TempDir Path directory;

    private RocksDbStateStores stores;
    private TaskStore task;
    private final StateBatch batch = new StateBatch();

    @BeforeEach
    void open() {
        stores = RocksDbStateStores.open(new StateSettings(directory, 32L << 20));
        task = stores.openTask(TASK, STORES);
    }

    @AfterEach
    void closeAndCheckHandles() {
        NativeLeaks.closeAndAssertReleased(stores);
    }

    @Test
    void shouldReadCommittedValuesWhenTheBatchIsCommitted() {
        batch.put("counts", bytes("a"), bytes("1"));
        batch.put("counts", bytes("b"), bytes("2"));

        task.commit(batch, Map.of("counts", 10L));

        KeyValueStore counts = task.store("counts");
        assertThat(counts.get(bytes("a"))).isEqualTo(bytes("1"));
        assertThat(counts.get(bytes("b"))).isEqualTo(bytes("2"));
        assertThat(counts.get(bytes("c"))).isNull();
        assertThat(batch.isEmpty()).isTrue();
    }

    @Test
    void shouldSeeNothingWhenTheBatchIsNotCommitted() {
        batch.put("counts", bytes("a"), bytes("1"));

        byte[] value = task.store("counts").get(bytes("a"));

        assertThat(value).isNull();
    }

    @Test
    void shouldReturnValuesInKeyOrderWithNullsWhenMultiGettingSomeAbsentKeys() {
        batch.put("counts", bytes("a"), bytes("1"));
        batch.put("counts", bytes("c"), bytes("3"));
        task.commit(batch, Map.of());

        List<byte[]> values =
                task.store("counts").multiGet(List.of(bytes("c"), bytes("b"), bytes("a")));

        assertThat(values).containsExactly(bytes("3"), null, bytes("1"));
    }

    @Test
    void shouldKeepStoresApartWhenTheyHoldTheSameKey() {
        batch.put("counts", bytes("k"), bytes("count"));
        batch.put("expiry", bytes("k"), bytes("expiry"));

        task.commit(batch, Map.of());

        assertThat(task.store("counts").get(bytes("k"))).isEqualTo(bytes("count"));
        assertThat(task.store("expiry").get(bytes("k"))).isEqualTo(bytes("expiry"));
    }

    @Test
    void shouldDeleteKeysWhenACommittedBatchDeletesThem() {
        batch.put("counts", bytes("a"), bytes("1"));
        task.commit(batch, Map.of());

        batch.delete("counts", bytes("a"));
        task.commit(batch, Map.of());

        assertThat(task.store("counts").get(bytes("a"))).isNull();
        assertThat(task.countKeys("counts")).isZero();
    }

    @Test
    void shouldListOneGroupsWindowsInStartOrderWhenScanningItsRange() {
        byte[] group = {1, 0};
        for (long start : new long[] {300, -100, 0, 200}) {
            batch.put("counts", StateKeys.windowKey(group, start), bytes("v" + start));
        }
        batch.put("counts", StateKeys.windowKey(new byte[] {1}, 50), bytes("other"));
        batch.put("counts", StateKeys.windowKey(new byte[] {1, 0, 0}, 50), bytes("other"));
        task.commit(batch, Map.of());

        List<Long> starts = new ArrayList<>();
        try (KeyValueIterator cursor =
                task.store("counts")
                        .range(
                                StateKeys.groupLowerBound(group),
                                StateKeys.groupUpperBound(group))) {
            while (cursor.next()) {
                starts.add(StateKeys.windowStart(cursor.key()));
            }
        }

        assertThat(starts).containsExactly(-100L, 0L, 200L, 300L);
    }

    @Test
    void shouldIncludeTheLowerAndExcludeTheUpperKeyWhenScanningARange() {
        for (String key : List.of("a", "b", "c", "d")) {
            batch.put("counts", bytes(key), bytes(key.toUpperCase()));
        }
        task.commit(batch, Map.of());

        Map<String, String> seen = new LinkedHashMap<>();
        try (KeyValueIterator cursor = task.store("counts").range(bytes("b"), bytes("d"))) {
            while (cursor.next()) {
                seen.put(text(cursor.key()), text(cursor.value()));
            }
        }

        assertThat(seen).containsExactly(Map.entry("b", "B"), Map.entry("c", "C"));
    }

    @Test
    void shouldListEveryKeyInUnsignedOrderWhenScanningAll() {
        batch.put("counts", new byte[] {(byte) 0x80}, bytes("high"));
        batch.put("counts", new byte[] {0x7F}, bytes("low"));
        task.commit(batch, Map.of());

        List<byte[]> keys = new ArrayList<>();
        try (KeyValueIterator cursor = task.store("counts").all()) {
            while (cursor.next()) {
                keys.add(cursor.key());
            }
        }

        assertThat(keys).containsExactly(new byte[] {0x7F}, new byte[] {(byte) 0x80});
    }

    @Test
    void shouldRejectTheRangeWhenItsBoundsAreReversed() {
        KeyValueStore counts = task.store("counts");

        assertThatThrownBy(() -> counts.range(bytes("b"), bytes("a")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldReadPendingWritesBeforeCommittedValuesWhenReadingThroughTheBatch() {
        batch.put("counts", bytes("kept"), bytes("committed"));
        batch.put("counts", bytes("changed"), bytes("old"));
        batch.put("counts", bytes("deleted"), bytes("old"));
        task.commit(batch, Map.of());
        batch.put("counts", bytes("changed"), bytes("new"));
        batch.delete("counts", bytes("deleted"));
        batch.put("counts", bytes("added"), bytes("new"));
        KeyValueStore counts = task.store("counts");

        List<byte[]> values =
                batch.readThrough(
                        counts,
                        List.of(
                                bytes("kept"),
                                bytes("changed"),
                                bytes("deleted"),
                                bytes("added"),
                                bytes("absent")));

        assertThat(values)
                .containsExactly(bytes("committed"), bytes("new"), null, bytes("new"), null);
        assertThat(batch.readThrough(counts, bytes("kept"))).isEqualTo(bytes("committed"));
        assertThat(batch.readThrough(counts, bytes("deleted"))).isNull();
    }

    @Test
    void shouldReportNoChangelogOffsetWhenNothingWasCommitted() {
        OptionalLong offset = task.changelogOffset("counts");

        assertThat(offset).isEmpty();
    }

    @Test
    void shouldKeepDataAndOffsetsTogetherWhenReopenedAfterClose() {
        batch.put("counts", bytes("a"), bytes("1"));
        batch.put("expiry", bytes("x"), bytes("2"));
        task.commit(batch, Map.of("counts", 42L, "expiry", 7L));

        task.close();
        TaskStore reopened = stores.openTask(TASK, STORES);

        assertThat(reopened.store("counts").get(bytes("a"))).isEqualTo(bytes("1"));
        assertThat(reopened.store("expiry").get(bytes("x"))).isEqualTo(bytes("2"));
        assertThat(reopened.changelogOffset("counts")).hasValue(42L);
        assertThat(reopened.changelogOffset("expiry")).hasValue(7L);
    }

    @Test
    void shouldWriteNothingWhenTheCommitNamesAnUnknownStore() {
        batch.put("counts", bytes("a"), bytes("1"));
        batch.put("sums", bytes("a"), bytes("1"));

        assertThatThrownBy(() -> task.commit(batch, Map.of("counts", 5L)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sums");

        assertThat(task.store("counts").get(bytes("a"))).isNull();
        assertThat(task.changelogOffset("counts")).isEmpty();
        assertThat(batch.size()).isEqualTo(2);
    }

    @Test
    void shouldRejectTheCommitWhenAnOffsetIsNegative() {
        Map<String, Long> offsets = Map.of("counts", -1L);

        assertThatThrownBy(() -> task.commit(batch, offsets))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldStartEmptyAndStayUsableWhenWiped() {
        KeyValueStore counts = task.store("counts");
        batch.put("counts", bytes("a"), bytes("1"));
        task.commit(batch, Map.of("counts", 3L));
        KeyValueIterator openCursor = counts.all();

        task.wipe();

        assertThat(counts.get(bytes("a"))).isNull();
        assertThat(task.changelogOffset("counts")).isEmpty();
        assertThatThrownBy(openCursor::next).isInstanceOf(IllegalStateException.class);
        batch.put("counts", bytes("b"), bytes("2"));
        task.commit(batch, Map.of("counts", 1L));
        assertThat(counts.get(bytes("b"))).isEqualTo(bytes("2"));
    }

    @Test
    void shouldApplyPutsAndTombstonesAndRecordTheOffsetWhenRestoring() {
        batch.put("counts", bytes("stale"), bytes("0"));
        task.commit(batch, Map.of());
        List<ChangelogEntry> changelog =
                List.of(
                        ChangelogEntry.put(bytes("a"), bytes("1")),
                        ChangelogEntry.put(bytes("b"), bytes("1")),
                        ChangelogEntry.put(bytes("a"), bytes("2")),
                        ChangelogEntry.tombstone(bytes("b")),
                        ChangelogEntry.tombstone(bytes("stale")));

        task.restore("counts", changelog, 5);

        assertThat(task.store("counts").get(bytes("a"))).isEqualTo(bytes("2"));
        assertThat(task.countKeys("counts")).isEqualTo(1);
        assertThat(task.changelogOffset("counts")).hasValue(5L);
        assertThat(task.changelogOffset("expiry")).isEmpty();
    }

    @Test
    void shouldApplyEveryRecordWhenTheRestoreSpansManyWriteBatches() {
        List<ChangelogEntry> changelog = new ArrayList<>();
        for (int i = 0; i < 25_000; i++) {
            changelog.add(ChangelogEntry.put(bytes("key-" + i), bytes("value-" + i)));
        }

        task.restore("counts", changelog, 25_000);

        assertThat(task.countKeys("counts")).isEqualTo(25_000);
        assertThat(task.store("counts").get(bytes("key-24999"))).isEqualTo(bytes("value-24999"));
        assertThat(task.changelogOffset("counts")).hasValue(25_000L);
    }

    @Test
    void shouldReportKeysAndSizeWhenTheStoreHoldsData() {
        for (int i = 0; i < 1_000; i++) {
            batch.put("counts", bytes("key-" + i), bytes("value-" + i));
        }
        task.commit(batch, Map.of());

        assertThat(task.approximateKeys("counts")).isPositive();
        assertThat(task.sizeBytes()).isPositive();
        assertThat(task.countKeys("counts")).isEqualTo(1_000);
    }

    @Test
    void shouldRejectTheStoreWhenTheTaskWasNotOpenedWithIt() {
        assertThatThrownBy(() -> task.store("sums"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("counts");
    }

    @Test
    void shouldFailReadsWhenTheTaskStoreIsClosed() {
        KeyValueStore counts = task.store("counts");

        task.close();

        assertThatThrownBy(() -> counts.get(bytes("a"))).isInstanceOf(IllegalStateException.class);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(UTF_8);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, UTF_8);
    }
}
