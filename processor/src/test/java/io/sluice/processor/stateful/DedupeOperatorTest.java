package io.sluice.processor.stateful;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.processor.state.StateBatch;
import io.sluice.processor.state.StateSettings;
import io.sluice.processor.state.StateStores;
import io.sluice.processor.state.TaskStore;
import io.sluice.processor.state.TaskStoreId;
import io.sluice.processor.window.Admission;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dedupe operator on a real RocksDB task store, batch by batch as the engine drives it. */
class DedupeOperatorTest {
    private static final long NO_WATERMARK = Long.MIN_VALUE;
    private static final Schema INVOICE =
            SchemaBuilder.record("Invoice")
                    .fields()
                    .requiredString("InvoiceNumber")
                    .optionalString("Store")
                    .requiredLong("Time")
                    .endRecord();

    @TempDir Path directory;

    private StateStores stores;
    private TaskStore store;
    private final StateBatch pending = new StateBatch();

    @BeforeEach
    void open() {
        stores = StateStores.open(StateSettings.defaults(directory));
    }

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
        stores.close();
    }

    @Test
    void shouldEmitTheFirstRowOfEachKeyInInputOrderWhenTheBatchHoldsDuplicates() {
        TaskOperator task = task(List.of("InvoiceNumber"));

        List<String> out =
                batch(
                        task,
                        NO_WATERMARK,
                        NO_WATERMARK,
                        row("B", "s1", "10:00"),
                        row("A", "s1", "10:01"),
                        row("B", "s2", "10:02"),
                        row("C", "s1", "10:03"),
                        row("A", "s3", "10:04"));

        assertThat(out).containsExactly("B s1 10:00", "A s1 10:01", "C s1 10:03");
        assertThat(task.dropped()).isEqualTo(2);
        assertThat(task.dropped()).isZero();
    }

    @Test
    void shouldDropARowWhoseKeyAnEarlierBatchEmittedWhenItArrivesLater() {
        TaskOperator task = task(List.of("InvoiceNumber"));
        batch(task, NO_WATERMARK, NO_WATERMARK, row("A", "s1", "10:00"));
        task.dropped();

        List<String> out =
                batch(
                        task,
                        NO_WATERMARK,
                        NO_WATERMARK,
                        row("D", "s1", "10:05"),
                        row("A", "s2", "10:06"));

        assertThat(out).containsExactly("D s1 10:05");
        assertThat(task.dropped()).isEqualTo(1);
    }

    @Test
    void shouldKeepDroppingDuplicatesWhenTheTaskIsReopenedOnTheSameStore() {
        batch(task(List.of("InvoiceNumber")), NO_WATERMARK, NO_WATERMARK, row("A", "s1", "10:00"));
        store.close();
        store = null;

        List<String> out =
                batch(
                        task(List.of("InvoiceNumber")),
                        NO_WATERMARK,
                        NO_WATERMARK,
                        row("A", "s1", "10:00"),
                        row("E", "s1", "10:01"));

        assertThat(out).containsExactly("E s1 10:01");
    }

    @Test
    void shouldCompareEveryDedupeColumnAndNullsAsEqualWhenTheKeyHasSeveral() {
        TaskOperator task = task(List.of("InvoiceNumber", "Store"));

        List<String> out =
                batch(
                        task,
                        NO_WATERMARK,
                        NO_WATERMARK,
                        row("A", null, "10:00"),
                        row("A", "s1", "10:01"),
                        row("A", null, "10:02"),
                        row("A", "s1", "10:03"),
                        row("A", "s2", "10:04"));

        assertThat(out).containsExactly("A null 10:00", "A s1 10:01", "A s2 10:04");
    }

    @Test
    void shouldReportARowLateWhenItsEventTimeIsAtOrBeforeTheWatermark() {
        TaskOperator task = task(List.of("InvoiceNumber"));
        long watermark = at("10:00");

        assertThat(task.add(row("A", "s1", "09:59"), at("09:59"), watermark))
                .isEqualTo(Admission.LATE);
        assertThat(task.add(row("B", "s1", "10:00"), at("10:00"), watermark))
                .isEqualTo(Admission.LATE);
        assertThat(task.add(row("C", "s1", "10:01"), at("10:01"), watermark))
                .isEqualTo(Admission.ON_TIME);
        List<String> out = new ArrayList<>();
        task.finish(watermark, watermark, 0, r -> out.add(text(r)));
        assertThat(out).containsExactly("C s1 10:01");
    }

    @Test
    void shouldDeleteAKeysStateWhenTheWatermarkPassesItsFirstEventTime() {
        TaskOperator task = task(List.of("InvoiceNumber"));
        batch(
                task,
                NO_WATERMARK,
                NO_WATERMARK,
                row("A", "s1", "10:00"),
                row("B", "s1", "10:20"),
                row("C", "s1", "10:10"));
        assertThat(keys()).containsExactly(3L, 3L);

        batch(task, NO_WATERMARK, at("10:10"));

        assertThat(keys()).containsExactly(1L, 1L);
        assertThat(task.hasDueWork(0, at("10:19"))).isFalse();
        assertThat(task.hasDueWork(0, at("10:20"))).isTrue();
        // A's state is gone, so a later row of A passes again, as in Spark
        List<String> out = batch(task, at("10:10"), at("10:10"), row("A", "s2", "10:11"));
        assertThat(out).containsExactly("A s2 10:11");
    }

    @Test
    void shouldKeepEveryKeyWhenThereIsNoWatermark() {
        TaskOperator task = task(List.of("InvoiceNumber"));

        batch(task, NO_WATERMARK, NO_WATERMARK, row("A", "s1", "1970-01-01"));
        batch(task, NO_WATERMARK, NO_WATERMARK, row("B", "s1", "10:00"));

        assertThat(keys()).containsExactly(2L, 2L);
        assertThat(task.hasDueWork(0, NO_WATERMARK)).isFalse();
    }

    @Test
    void shouldEmitButNotStoreAKeyWhenTheNewWatermarkAlreadyPassesIt() {
        TaskOperator task = task(List.of("InvoiceNumber"));

        List<String> out =
                batch(
                        task,
                        at("09:00"),
                        at("10:30"),
                        row("A", "s1", "10:00"),
                        row("A", "s2", "10:01"),
                        row("B", "s1", "10:40"));

        assertThat(out).containsExactly("A s1 10:00", "B s1 10:40");
        assertThat(keys()).containsExactly(1L, 1L);
    }

    @Test
    void shouldForgetTheBatchWhenItAborts() {
        TaskOperator task = task(List.of("InvoiceNumber"));
        task.add(row("A", "s1", "10:00"), at("10:00"), NO_WATERMARK);
        task.add(row("A", "s1", "10:00"), at("10:00"), NO_WATERMARK);

        task.aborted();
        List<String> out = batch(task, NO_WATERMARK, NO_WATERMARK, row("B", "s1", "10:01"));

        assertThat(out).containsExactly("B s1 10:01");
        assertThat(task.dropped()).isZero();
    }

    @Test
    void shouldUseEveryColumnAsTheKeyWhenEveryColumnIsNamed() {
        DedupeOperator operator = new DedupeOperator(INVOICE, List.of("InvoiceNumber", "Time"));

        assertThat(operator.keyColumns())
                .extracting(c -> c.name())
                .containsExactly("InvoiceNumber", "Time");
        assertThat(operator.keyColumns().get(1).expression().evaluate(row("A", null, "10:00")))
                .isEqualTo(at("10:00"));
        assertThat(operator.stores()).containsExactly("dedupe", "dedupe-expiry");
        assertThat(operator.outputSchema()).isEqualTo(INVOICE);
    }

    private TaskOperator task(List<String> columns) {
        DedupeOperator operator = new DedupeOperator(INVOICE, columns);
        if (store == null) {
            store =
                    stores.openTask(
                            new TaskStoreId("dedupe-test", "p0"), Set.copyOf(operator.stores()));
        }
        return operator.open(store, pending, TaskInfo.single());
    }

    /** Runs one batch of {@code rows} (event time = their Time) and commits it; the rows out. */
    private List<String> batch(
            TaskOperator task, long watermark, long nextWatermark, GenericRecord... rows) {
        for (GenericRecord row : rows) {
            assertThat(task.add(row, (Long) row.get("Time"), watermark))
                    .isEqualTo(Admission.ON_TIME);
        }
        List<String> out = new ArrayList<>();
        task.finish(watermark, nextWatermark, 0, r -> out.add(text(r)));
        store.commit(pending, Map.of());
        return out;
    }

    /** The number of keys in the dedupe store and in its expiry index. */
    private List<Long> keys() {
        return List.of(
                store.countKeys(DedupeOperator.KEYS), store.countKeys(DedupeOperator.EXPIRY));
    }

    private static GenericRecord row(String invoice, String storeId, String clock) {
        GenericData.Record row = new GenericData.Record(INVOICE);
        row.put("InvoiceNumber", invoice);
        row.put("Store", storeId);
        row.put("Time", at(clock));
        return row;
    }

    /** Epoch millis of {@code clock}: HH:mm on 2024-01-01 UTC, or a date at midnight. */
    private static long at(String clock) {
        return clock.contains("-")
                ? Instant.parse(clock + "T00:00:00Z").toEpochMilli()
                : Instant.parse("2024-01-01T" + clock + ":00Z").toEpochMilli();
    }

    private static String text(GenericRecord row) {
        String clock = Instant.ofEpochMilli((Long) row.get("Time")).toString().substring(11, 16);
        return row.get("InvoiceNumber") + " " + row.get("Store") + " " + clock;
    }
}
