package io.sluice.processor.join;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.processor.StateCorruptedException;
import io.sluice.processor.state.StateSettings;
import io.sluice.processor.state.StateStores;
import io.sluice.processor.state.TaskStore;
import io.sluice.processor.state.TaskStoreId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A materialised table in a real RocksDB task store: latest values and tombstones, the offsets
 * committed with the rows, discarding what was staged, a copy written in another layout reported
 * corrupt, and with a history, lookups by time across versions and tombstones, and the pruning of
 * versions older than the history.
 */
class MaterializedTableTest {
    private static final TaskStoreId TASK = new TaskStoreId("enrich", "table-customers");
    private static final Set<String> STORES =
            Set.of(MaterializedTable.ROWS, MaterializedTable.OFFSETS);
    private static final Optional<Duration> LATEST = Optional.empty();
    private static final Optional<Duration> TEN_SECONDS = Optional.of(Duration.ofSeconds(10));

    private static final Schema CUSTOMER =
            new Schema.Parser()
                    .parse(
                            """
                            {"type": "record", "name": "Customer", "fields": [
                              {"name": "CardNo", "type": "string"},
                              {"name": "Email", "type": ["null", "string"], "default": null}
                            ]}
                            """);

    @TempDir Path directory;

    private StateStores stores;
    private int sharedHandles;
    private TaskStore task;

    @BeforeEach
    void open() {
        stores = StateStores.open(new StateSettings(directory, 32L << 20));
        sharedHandles = stores.openNativeHandles();
        task = stores.openTask(TASK, STORES);
    }

    @AfterEach
    void closeAndCheckHandles() {
        task.close();
        assertThat(stores.openNativeHandles())
                .as("handles of the closed task")
                .isEqualTo(sharedHandles);
        stores.close();
        assertThat(stores.openNativeHandles()).as("native handles left open").isZero();
    }

    @Test
    void shouldReturnTheLastRowPutWhenAKeyIsUpdated() {
        MaterializedTable table = new MaterializedTable(task, CUSTOMER, LATEST);
        table.stage("C1", customer("C1", "a@x"), 1000);
        table.commit();

        table.stage("C1", customer("C1", "b@x"), 500); // the latest write wins, not the latest time
        table.commit();

        assertThat(email(table, "C1", Long.MAX_VALUE)).isEqualTo("b@x");
        assertThat(email(table, "C1", 0))
                .as("a latest-value table ignores the time")
                .isEqualTo("b@x");
        assertThat(table.size()).isEqualTo(1);
    }

    @Test
    void shouldKeepARowWithNullColumnsApartFromNoRow() {
        MaterializedTable table = new MaterializedTable(task, CUSTOMER, LATEST);
        table.stage("C1", customer("C1", null), 1000);

        table.commit();

        assertThat(table.get("C1", Long.MAX_VALUE)).isNotNull();
        assertThat(email(table, "C1", Long.MAX_VALUE)).isNull();
        assertThat(table.get("C2", Long.MAX_VALUE)).isNull();
    }

    @Test
    void shouldShowStagedRowsOnlyOnceCommitted() {
        MaterializedTable table = new MaterializedTable(task, CUSTOMER, LATEST);

        table.stage("C1", customer("C1", "a@x"), 1000);

        assertThat(table.get("C1", Long.MAX_VALUE)).isNull();
        assertThat(table.size()).isZero();
    }

    @Test
    void shouldDeleteTheKeyWhenATombstoneIsCommitted() {
        MaterializedTable table = new MaterializedTable(task, CUSTOMER, LATEST);
        table.stage("C1", customer("C1", "a@x"), 1000);
        table.stage("C2", customer("C2", "b@x"), 1000);
        table.commit();

        table.stage("C1", null, 2000);
        table.commit();

        assertThat(table.get("C1", Long.MAX_VALUE)).isNull();
        assertThat(email(table, "C2", Long.MAX_VALUE)).isEqualTo("b@x");
        assertThat(table.size()).isEqualTo(1);
    }

    @Test
    void shouldDropARowPutAndDeletedInOneCommit() {
        MaterializedTable table = new MaterializedTable(task, CUSTOMER, LATEST);

        table.stage("C1", customer("C1", "a@x"), 1000);
        table.stage("C1", null, 2000);
        table.commit();

        assertThat(table.get("C1", Long.MAX_VALUE)).isNull();
        assertThat(table.size()).isZero();
    }

    @Test
    void shouldKeepEachPartitionsNextOffsetWithTheRowsWhenTheTaskIsReopened() {
        MaterializedTable table = new MaterializedTable(task, CUSTOMER, LATEST);
        table.stage("C1", customer("C1", "a@x"), 1000);
        table.stageOffset(0, 5);
        table.stageOffset(2, 9);
        table.commit();
        table.stageOffset(2, 12);
        table.commit();

        task.close();
        task = stores.openTask(TASK, STORES);
        MaterializedTable reopened = new MaterializedTable(task, CUSTOMER, LATEST);

        assertThat(reopened.nextOffset(0)).isEqualTo(OptionalLong.of(5));
        assertThat(reopened.nextOffset(1)).isEmpty();
        assertThat(reopened.nextOffset(2)).isEqualTo(OptionalLong.of(12));
        assertThat(email(reopened, "C1", Long.MAX_VALUE)).isEqualTo("a@x");
    }

    @Test
    void shouldWriteNeitherRowsNorOffsetsWhenDiscarded() {
        MaterializedTable table = new MaterializedTable(task, CUSTOMER, LATEST);
        table.stage("C1", customer("C1", "a@x"), 1000);
        table.stageOffset(0, 5);

        table.discard();
        table.stage("C2", customer("C2", "b@x"), 1000);
        table.stageOffset(1, 3);
        table.commit();

        assertThat(table.get("C1", Long.MAX_VALUE)).isNull();
        assertThat(email(table, "C2", Long.MAX_VALUE)).isEqualTo("b@x");
        assertThat(table.nextOffset(0)).isEmpty();
        assertThat(table.nextOffset(1)).isEqualTo(OptionalLong.of(3));
        assertThat(table.size()).isEqualTo(1);
    }

    @Test
    void shouldReportCorruptionWhenACopyWithoutHistoryIsOpenedWithOne() {
        MaterializedTable latest = new MaterializedTable(task, CUSTOMER, LATEST);
        latest.stage("C1", customer("C1", "a@x"), 1000);
        latest.stageOffset(0, 1);
        latest.commit();

        assertThatThrownBy(() -> new MaterializedTable(task, CUSTOMER, TEN_SECONDS))
                .isInstanceOf(StateCorruptedException.class)
                .hasMessage(
                        "table store enrich/table-customers was written for another schema or"
                                + " history than the pipeline's now");
    }

    @Test
    void shouldReportCorruptionWhenTheHistoryChanges() {
        MaterializedTable tenSeconds = new MaterializedTable(task, CUSTOMER, TEN_SECONDS);
        tenSeconds.stageOffset(0, 1);
        tenSeconds.commit();

        assertThatThrownBy(
                        () ->
                                new MaterializedTable(
                                        task, CUSTOMER, Optional.of(Duration.ofDays(1))))
                .isInstanceOf(StateCorruptedException.class);
    }

    @Test
    void shouldReportCorruptionWhenTheSchemaChanges() {
        MaterializedTable table = new MaterializedTable(task, CUSTOMER, LATEST);
        table.stage("C1", customer("C1", "a@x"), 1000);
        table.stageOffset(0, 1);
        table.commit();
        Schema withPhone =
                new Schema.Parser()
                        .parse(
                                """
                                {"type": "record", "name": "Customer", "fields": [
                                  {"name": "CardNo", "type": "string"},
                                  {"name": "Phone", "type": "string"},
                                  {"name": "Email", "type": ["null", "string"], "default": null}
                                ]}
                                """);

        assertThatThrownBy(() -> new MaterializedTable(task, withPhone, LATEST))
                .isInstanceOf(StateCorruptedException.class);
    }

    @Test
    void shouldOpenItsOwnCopyAgainWhenTheFirstStagedWritesWereDiscarded() {
        MaterializedTable table = new MaterializedTable(task, CUSTOMER, TEN_SECONDS);
        table.stageOffset(0, 1);
        table.discard();
        table.stageOffset(0, 2);
        table.commit();

        MaterializedTable reopened = new MaterializedTable(task, CUSTOMER, TEN_SECONDS);

        assertThat(reopened.nextOffset(0)).isEqualTo(OptionalLong.of(2));
    }

    @Test
    void shouldReturnTheVersionInEffectAtEachTimeWhenVersioned() {
        MaterializedTable table = versionsOfC1();

        List<String> emails = new ArrayList<>();
        for (long at : new long[] {999, 1000, 4999, 5000, 8999, 9000, 11999, 12000, 99_000}) {
            emails.add(at + " " + email(table, "C1", at));
        }

        assertThat(emails)
                .containsExactly(
                        "999 none",
                        "1000 a@x",
                        "4999 a@x",
                        "5000 b@x",
                        "8999 b@x",
                        "9000 none",
                        "11999 none",
                        "12000 c@x",
                        "99000 c@x");
    }

    @Test
    void shouldReturnTheNewestVersionWhenLookingUpWithoutATime() {
        MaterializedTable table = versionsOfC1();

        String latest = email(table, "C1", Long.MAX_VALUE);

        assertThat(latest).isEqualTo("c@x");
    }

    @Test
    void shouldReturnNothingWhenTheNewestVersionIsATombstone() {
        MaterializedTable table = new MaterializedTable(task, CUSTOMER, TEN_SECONDS);
        table.stage("C1", customer("C1", "a@x"), 1000);
        table.stage("C1", null, 2000);
        table.commit();

        assertThat(email(table, "C1", Long.MAX_VALUE)).isEqualTo("none");
        assertThat(email(table, "C1", 1500)).isEqualTo("a@x");
        assertThat(table.size()).as("the tombstone is a version").isEqualTo(2);
    }

    @Test
    void shouldKeepTheVersionsOfKeysThatArePrefixesOfEachOtherApart() {
        MaterializedTable table = new MaterializedTable(task, CUSTOMER, TEN_SECONDS);
        table.stage("C1", customer("C1", "one@x"), 1000);
        table.stage("C10", customer("C10", "ten@x"), 500);
        table.stage("C", customer("C", "c@x"), 2000);
        table.commit();

        assertThat(email(table, "C1", 700)).isEqualTo("none");
        assertThat(email(table, "C1", Long.MAX_VALUE)).isEqualTo("one@x");
        assertThat(email(table, "C10", Long.MAX_VALUE)).isEqualTo("ten@x");
        assertThat(email(table, "C", 1500)).isEqualTo("none");
        assertThat(email(table, "C", Long.MAX_VALUE)).isEqualTo("c@x");
    }

    @Test
    void shouldPruneCommittedVersionsOlderThanTheHistoryButTheOneStillInEffect() {
        MaterializedTable table = new MaterializedTable(task, CUSTOMER, TEN_SECONDS);
        table.stage("C1", customer("C1", "v1"), 1_000);
        table.stage("C1", customer("C1", "v2"), 2_000);
        table.stage("C1", customer("C1", "v3"), 3_000);
        table.commit();

        table.stage("C1", customer("C1", "v4"), 60_000);
        table.commit();

        // the bound is 50 s: v3 is in effect there, v1 and v2 ended before it
        assertThat(table.size()).isEqualTo(2);
        assertThat(email(table, "C1", 50_000)).isEqualTo("v3");
        assertThat(email(table, "C1", 60_000)).isEqualTo("v4");
        assertThat(email(table, "C1", 2_500)).as("pruned").isEqualTo("none");
    }

    @Test
    void shouldPruneVersionsStagedInTheSameCommit() {
        MaterializedTable table = new MaterializedTable(task, CUSTOMER, TEN_SECONDS);
        table.stage("C1", customer("C1", "v1"), 1_000);
        table.stage("C1", customer("C1", "v2"), 2_000);
        table.commit();

        table.stage("C1", customer("C1", "v3"), 3_000);
        table.stage("C1", customer("C1", "v4"), 60_000);
        table.stage("C1", customer("C1", "v5"), 61_000);
        table.commit();

        assertThat(table.size()).isEqualTo(3);
        assertThat(email(table, "C1", 51_000)).isEqualTo("v3");
        assertThat(email(table, "C1", 60_500)).isEqualTo("v4");
        assertThat(email(table, "C1", 61_000)).isEqualTo("v5");
    }

    @Test
    void shouldKeepATombstoneStillInEffectAtTheBoundWhenPruning() {
        MaterializedTable table = new MaterializedTable(task, CUSTOMER, TEN_SECONDS);
        table.stage("C1", customer("C1", "v1"), 1_000);
        table.stage("C1", null, 2_000);
        table.commit();

        table.stage("C1", customer("C1", "v2"), 60_000);
        table.commit();

        assertThat(table.size()).isEqualTo(2);
        assertThat(email(table, "C1", 55_000)).isEqualTo("none");
        assertThat(email(table, "C1", 60_000)).isEqualTo("v2");
    }

    @Test
    void shouldKeepAVersionThatEndedExactlyAtTheBound() {
        MaterializedTable table = new MaterializedTable(task, CUSTOMER, TEN_SECONDS);
        table.stage("C1", customer("C1", "v1"), 1_000);
        table.stage("C1", customer("C1", "v2"), 50_000);
        table.commit();

        table.stage("C1", customer("C1", "v3"), 60_000);
        table.commit();

        // v1 ended at 50 s, not more than the history before 60 s
        assertThat(table.size()).isEqualTo(3);
    }

    @Test
    void shouldPruneOnlyTheKeyWritten() {
        MaterializedTable table = new MaterializedTable(task, CUSTOMER, TEN_SECONDS);
        table.stage("C1", customer("C1", "v1"), 1_000);
        table.stage("C1", customer("C1", "v2"), 2_000);
        table.stage("C2", customer("C2", "w1"), 1_000);
        table.stage("C2", customer("C2", "w2"), 2_000);
        table.commit();

        table.stage("C1", customer("C1", "v3"), 60_000);
        table.commit();

        assertThat(table.size()).isEqualTo(4);
        assertThat(email(table, "C2", 1_500)).isEqualTo("w1");
    }

    @Test
    void shouldPruneNothingWhenALateVersionArrives() {
        MaterializedTable table = new MaterializedTable(task, CUSTOMER, TEN_SECONDS);
        table.stage("C1", customer("C1", "v1"), 1_000);
        table.stage("C1", customer("C1", "v9"), 90_000);
        table.commit();

        table.stage("C1", customer("C1", "v2"), 2_000);
        table.commit();

        assertThat(table.size()).isEqualTo(3);
        assertThat(email(table, "C1", 2_500)).isEqualTo("v2");
        assertThat(email(table, "C1", Long.MAX_VALUE)).isEqualTo("v9");
    }

    /** C1: a@x from 1 s, b@x from 5 s, deleted at 9 s, c@x from 12 s; history of one day. */
    private MaterializedTable versionsOfC1() {
        MaterializedTable table =
                new MaterializedTable(task, CUSTOMER, Optional.of(Duration.ofDays(1)));
        table.stage("C1", customer("C1", "a@x"), 1000);
        table.stage("C1", customer("C1", "b@x"), 5000);
        table.commit();
        table.stage("C1", null, 9000);
        table.stage("C1", customer("C1", "c@x"), 12000);
        table.stage("C2", customer("C2", "other@x"), 3000);
        table.commit();
        return table;
    }

    /** The email of the row under {@code key} at {@code atMs}, "none" without a row. */
    private static String email(MaterializedTable table, String key, long atMs) {
        GenericRecord row = table.get(key, atMs);
        if (row == null) {
            return "none";
        }
        Object email = row.get("Email");
        return email == null ? null : email.toString();
    }

    private static GenericRecord customer(String card, String email) {
        GenericData.Record customer = new GenericData.Record(CUSTOMER);
        customer.put("CardNo", card);
        customer.put("Email", email);
        return customer;
    }
}
