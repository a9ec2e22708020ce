package io.sluice.processor.stateful;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.processor.state.StateBatch;
import io.sluice.processor.state.StateSettings;
import io.sluice.processor.state.StateStores;
import io.sluice.processor.state.TaskStore;
import io.sluice.processor.state.TaskStoreId;
import io.sluice.processor.window.Admission;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stream-stream join operator on a real RocksDB task store, batch by batch as the engine drives
 * it: impressions (left) and clicks (right) of an ad, joined on AdID. Rows out read {@code "Id AdID
 * ClickId"} ({@code "Id AdID"} for a left semi join), with {@code null} for a missing side.
 */
class StreamJoinOperatorTest {
    private static final long NO_WATERMARK = Long.MIN_VALUE;
    private static final Schema IMPRESSION =
            SchemaBuilder.record("Impression")
                    .fields()
                    .requiredString("Id")
                    .optionalString("AdID")
                    .requiredLong("ShownAt")
                    .endRecord();
    private static final Schema CLICK =
            SchemaBuilder.record("Click")
                    .fields()
                    .requiredString("ClickId")
                    .optionalString("AdID")
                    .requiredLong("ClickedAt")
                    .endRecord();
    private static final JoinCondition WITHIN_THE_HOUR =
            new JoinCondition.Between(Duration.ZERO, Duration.ofHours(1));

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
    void shouldJoinRowsOfOneBatchWhenTheirTimesMeetTheCondition() {
        TaskOperator task = task(JoinKind.INNER, WITHIN_THE_HOUR);

        List<String> out =
                batch(
                        task,
                        NO_WATERMARK,
                        NO_WATERMARK,
                        impression("i1", "A", "10:00"),
                        click("c0", "A", "09:59"),
                        impression("i2", "B", "10:00"),
                        click("c1", "A", "10:10"),
                        click("c2", "A", "11:00"),
                        click("c3", "A", "11:01"));

        assertThat(out).containsExactly("i1 A c1", "i1 A c2");
    }

    @Test
    void shouldJoinARowWithTheOtherSidesRowsOfEarlierBatchesWhenItArrivesLater() {
        TaskOperator task = task(JoinKind.INNER, WITHIN_THE_HOUR);
        batch(task, NO_WATERMARK, NO_WATERMARK, impression("i1", "A", "10:00"));

        List<String> second = batch(task, NO_WATERMARK, NO_WATERMARK, click("c1", "A", "10:30"));
        List<String> third =
                batch(
                        task,
                        NO_WATERMARK,
                        NO_WATERMARK,
                        impression("i2", "A", "09:45"),
                        impression("i3", "A", "10:31"));

        assertThat(second).containsExactly("i1 A c1");
        assertThat(third).containsExactly("i2 A c1");
    }

    @Test
    void shouldEmitEveryPairOnceWhenAKeyHasSeveralRowsOnBothSides() {
        TaskOperator task = task(JoinKind.INNER, WITHIN_THE_HOUR);
        List<String> first =
                batch(
                        task,
                        NO_WATERMARK,
                        NO_WATERMARK,
                        impression("i1", "A", "10:00"),
                        impression("i2", "A", "10:05"),
                        click("c1", "A", "10:20"));

        List<String> second =
                batch(
                        task,
                        NO_WATERMARK,
                        NO_WATERMARK,
                        click("c2", "A", "10:30"),
                        impression("i3", "A", "10:25"));

        assertThat(first).containsExactly("i1 A c1", "i2 A c1");
        assertThat(second).containsExactly("i1 A c2", "i2 A c2", "i3 A c2");
    }

    @Test
    void shouldKeepRowsOfEqualKeyAndTimeApartWhenTheyArriveTogether() {
        TaskOperator task = task(JoinKind.INNER, WITHIN_THE_HOUR);
        batch(
                task,
                NO_WATERMARK,
                NO_WATERMARK,
                impression("i1", "A", "10:00"),
                impression("i2", "A", "10:00"),
                click("c1", "A", "10:00"));

        List<String> out =
                batch(
                        task,
                        NO_WATERMARK,
                        NO_WATERMARK,
                        click("c2", "A", "10:00"),
                        impression("i3", "A", "10:00"));

        assertThat(out).containsExactly("i1 A c2", "i2 A c2", "i3 A c1", "i3 A c2");
        assertThat(joinKeys()).isEqualTo(5 + 5 + 1); // rows, their index entries, the counter
    }

    @Test
    void shouldMatchKeysAsTheyAreWhenOneKeyIsAPrefixOfAnother() {
        TaskOperator task = task(JoinKind.INNER, WITHIN_THE_HOUR);

        List<String> out =
                batch(
                        task,
                        NO_WATERMARK,
                        NO_WATERMARK,
                        impression("i1", "A", "10:00"),
                        impression("i2", "AB", "10:00"),
                        click("c1", "A", "10:10"),
                        click("c2", "AB", "10:10"),
                        click("c3", "", "10:10"),
                        impression("i3", "", "10:00"));

        assertThat(out).containsExactly("i1 A c1", "i2 AB c2", "i3  c3");
    }

    @Test
    void shouldEmitLeftRowsWithoutAMatchOnceTheWatermarkPassesTheirLastChanceWhenLeftOuter() {
        TaskOperator task = task(JoinKind.LEFT, WITHIN_THE_HOUR);
        List<String> first =
                batch(
                        task,
                        NO_WATERMARK,
                        at("10:00"),
                        impression("i1", "A", "10:00"),
                        impression("i2", "B", "10:00"),
                        click("c1", "A", "10:30"),
                        click("c2", "C", "10:40"));

        List<String> atLastChance = batch(task, at("10:00"), at("11:00"));
        List<String> past = batch(task, at("11:00"), at("11:00") + 1);

        assertThat(first).containsExactly("i1 A c1");
        assertThat(atLastChance).isEmpty();
        assertThat(past).containsExactly("i2 B null");
    }

    @Test
    void shouldEmitRightRowsWithoutAMatchOnceTheWatermarkPassesTheirLastChanceWhenRightOuter() {
        TaskOperator task = task(JoinKind.RIGHT, WITHIN_THE_HOUR);
        List<String> first =
                batch(
                        task,
                        NO_WATERMARK,
                        at("10:00"),
                        impression("i1", "A", "10:00"),
                        impression("i2", "B", "10:00"),
                        click("c1", "A", "10:30"),
                        click("c2", "C", "10:40"));

        List<String> atLastChance = batch(task, at("10:00"), at("10:40"));
        List<String> past = batch(task, at("10:40"), at("12:00"));

        assertThat(first).containsExactly("i1 A c1");
        assertThat(atLastChance).isEmpty();
        assertThat(past).containsExactly("null C c2");
    }

    @Test
    void shouldEmitRowsOfEitherSideWithoutAMatchWhenFullOuter() {
        TaskOperator task = task(JoinKind.FULL, WITHIN_THE_HOUR);
        List<String> first =
                batch(
                        task,
                        NO_WATERMARK,
                        NO_WATERMARK,
                        impression("i1", "A", "10:00"),
                        impression("i2", "B", "10:00"),
                        click("c1", "A", "10:30"),
                        click("c2", "C", "10:40"),
                        click("c3", "B", "09:00"));

        List<String> rightPassed = batch(task, NO_WATERMARK, at("10:50"));
        List<String> leftPassed = batch(task, at("10:50"), at("11:01"));

        assertThat(first).containsExactly("i1 A c1");
        assertThat(rightPassed).containsExactly("null B c3", "null C c2");
        assertThat(leftPassed).containsExactly("i2 B null");
    }

    @Test
    void shouldEmitEachLeftRowOnceWithItsColumnsOnlyWhenLeftSemi() {
        TaskOperator task = task(JoinKind.LEFT_SEMI, WITHIN_THE_HOUR);
        List<String> first =
                batch(
                        task,
                        NO_WATERMARK,
                        NO_WATERMARK,
                        impression("i1", "A", "10:00"),
                        click("c1", "A", "10:10"),
                        click("c2", "A", "10:20"),
                        click("c3", "B", "10:20"),
                        impression("i2", "A", "10:15"),
                        impression("i3", "C", "10:00"));

        List<String> second =
                batch(
                        task,
                        NO_WATERMARK,
                        at("11:30"),
                        click("c4", "A", "10:30"),
                        click("c5", "C", "10:30"),
                        click("c6", "C", "10:40"));

        assertThat(first).containsExactly("i1 A", "i2 A");
        assertThat(second).containsExactly("i3 C");
        assertThat(joinKeys()).isEqualTo(1); // every row evicted: the counter is left
    }

    @Test
    void shouldEmitARowWithoutAKeyAtOnceWhenItsSideIsOuter() {
        TaskOperator task = task(JoinKind.FULL, WITHIN_THE_HOUR);

        List<String> out =
                batch(
                        task,
                        NO_WATERMARK,
                        NO_WATERMARK,
                        impression("i1", null, "10:00"),
                        click("c1", null, "10:00"));

        assertThat(out).containsExactly("i1 null null", "null null c1");
        assertThat(joinKeys()).isZero();
    }

    @Test
    void shouldDropARowWithoutAKeyWhenItsSideIsNotOuter() {
        TaskOperator left = task(JoinKind.LEFT, WITHIN_THE_HOUR);
        List<String> leftOut =
                batch(
                        left,
                        NO_WATERMARK,
                        NO_WATERMARK,
                        impression("i1", null, "10:00"),
                        click("c1", null, "10:00"));
        TaskOperator semi = task(JoinKind.LEFT_SEMI, WITHIN_THE_HOUR);

        List<String> semiOut =
                batch(
                        semi,
                        NO_WATERMARK,
                        NO_WATERMARK,
                        impression("i2", null, "10:00"),
                        click("c2", null, "10:00"));

        assertThat(leftOut).containsExactly("i1 null null");
        assertThat(semiOut).isEmpty();
        assertThat(joinKeys()).isZero();
    }

    @Test
    void shouldReportARowLateWhenItsEventTimeIsBeforeTheWatermarkInEffect() {
        TaskOperator task = task(JoinKind.LEFT, WITHIN_THE_HOUR);
        long watermark = at("10:00");

        Admission before = task.add(impression("i1", "A", "09:59").row, at("09:59"), watermark);
        Admission onTheMark = task.add(impression("i2", "A", "10:00").row, at("10:00"), watermark);
        Admission clickBefore = task.add(click("c1", "A", "09:59").row, at("09:59"), watermark);
        List<String> out = new ArrayList<>();
        task.finish(watermark, at("11:00") + 1, 0, r -> out.add(text(r)));

        assertThat(before).isEqualTo(Admission.LATE);
        assertThat(onTheMark).isEqualTo(Admission.ON_TIME);
        assertThat(clickBefore).isEqualTo(Admission.LATE);
        assertThat(out).containsExactly("i2 A null");
    }

    @Test
    void shouldTakeARowBehindTheWatermarkWhenNoTimeConditionEverDropsRows() {
        TaskOperator task = task(JoinKind.INNER, new JoinCondition.None());
        long watermark = at("10:00");

        Admission admission = task.add(impression("i1", "A", "09:00").row, at("09:00"), watermark);
        task.add(click("c1", "A", "09:30").row, at("09:30"), watermark);
        List<String> out = new ArrayList<>();
        task.finish(watermark, watermark, 0, r -> out.add(text(r)));

        assertThat(admission).isEqualTo(Admission.ON_TIME);
        assertThat(out).containsExactly("i1 A c1");
        assertThat(operator(JoinKind.INNER, new JoinCondition.None()).warnings())
                .singleElement()
                .asString()
                .contains("the state grows with every row read");
        assertThat(operator(JoinKind.INNER, WITHIN_THE_HOUR).warnings()).isEmpty();
    }

    @Test
    void shouldEvictEachSideExactlyWhenTheNextWatermarkPassesItsLastChance() {
        TaskOperator task = task(JoinKind.INNER, WITHIN_THE_HOUR);
        // last chances: the impression's at 11:00 (+1h), the click's at its own time
        batch(task, NO_WATERMARK, NO_WATERMARK, impression("i1", "A", "10:00"));
        batch(task, NO_WATERMARK, NO_WATERMARK, click("c1", "B", "10:30"));
        assertThat(joinKeys()).isEqualTo(2 + 2 + 1);

        batch(task, NO_WATERMARK, at("10:30"));
        long beforeEither = joinKeys();
        batch(task, at("10:30"), at("10:30") + 1);
        long clickGone = joinKeys();
        batch(task, at("10:30") + 1, at("11:00"));
        long atImpressionsLastChance = joinKeys();
        List<String> lastMoment = batch(task, at("11:00"), at("11:00"), click("c2", "A", "11:00"));
        batch(task, at("11:00"), at("11:00") + 1);

        assertThat(beforeEither).isEqualTo(5);
        assertThat(clickGone).isEqualTo(3);
        assertThat(atImpressionsLastChance).isEqualTo(3);
        assertThat(lastMoment).containsExactly("i1 A c2");
        assertThat(joinKeys()).isEqualTo(1); // c2's last chance is 11:00 too
    }

    @Test
    void shouldKeepARightRowUntilItsLastLeftTimePassesWhenTheLowerBoundIsNegative() {
        JoinCondition around =
                new JoinCondition.Between(Duration.ofMinutes(-10), Duration.ofMinutes(5));
        TaskOperator task = task(JoinKind.FULL, around);
        // last chances: an impression's at +5m, a click's at +10m (impressions up to 10m later)
        batch(
                task,
                NO_WATERMARK,
                NO_WATERMARK,
                impression("i1", "A", "10:00"),
                click("c1", "B", "10:00"));

        List<String> impressionDue = batch(task, NO_WATERMARK, at("10:05") + 1);
        List<String> clickNotYet = batch(task, at("10:05") + 1, at("10:10"));
        List<String> lastMoment =
                batch(task, at("10:10"), at("10:10"), impression("i2", "B", "10:10"));
        List<String> clickDue = batch(task, at("10:10"), at("10:10") + 1);

        assertThat(impressionDue).containsExactly("i1 A null");
        assertThat(clickNotYet).isEmpty();
        assertThat(lastMoment).containsExactly("i2 B c1");
        assertThat(clickDue).isEmpty(); // c1 met i2
        assertThat(joinKeys()).isEqualTo(2 + 1); // i2 waits until 10:15
    }

    @Test
    void shouldJoinRowsOfOneWindowAndEvictThemWhenTheWatermarkReachesItsEnd() {
        TaskOperator task =
                task(JoinKind.FULL, new JoinCondition.SameWindow(Duration.ofMinutes(15)));
        List<String> first =
                batch(
                        task,
                        NO_WATERMARK,
                        NO_WATERMARK,
                        impression("i1", "A", "10:00"),
                        click("c1", "A", "10:14"),
                        click("c2", "A", "10:15"),
                        impression("i2", "B", "10:14"));

        List<String> atLastMillisecond = batch(task, NO_WATERMARK, at("10:15") - 1);
        List<String> atEnd = batch(task, at("10:15") - 1, at("10:15"));
        long afterFirstWindow = joinKeys();
        List<String> secondWindowEnd = batch(task, at("10:15"), at("10:30"));

        assertThat(first).containsExactly("i1 A c1");
        assertThat(atLastMillisecond).isEmpty();
        assertThat(atEnd).containsExactly("i2 B null");
        assertThat(afterFirstWindow).isEqualTo(2 + 1);
        assertThat(secondWindowEnd).containsExactly("null A c2");
        assertThat(joinKeys()).isEqualTo(1);
    }

    @Test
    void shouldNotEmitALeftRowWithNullsWhenItMatchedInAnEarlierCommittedBatch() {
        TaskOperator task = task(JoinKind.LEFT, WITHIN_THE_HOUR);
        List<String> first =
                batch(
                        task,
                        NO_WATERMARK,
                        at("09:00"),
                        impression("i1", "A", "10:00"),
                        click("c1", "A", "10:10"));
        List<String> second = batch(task, at("09:00"), at("10:00"), impression("i2", "B", "10:00"));
        List<String> third = batch(task, at("10:00"), at("10:30"), click("c2", "B", "10:30"));

        List<String> evicted = batch(task, at("10:30"), at("12:00"));

        assertThat(first).containsExactly("i1 A c1");
        assertThat(second).isEmpty();
        assertThat(third).containsExactly("i2 B c2");
        assertThat(evicted).isEmpty();
        assertThat(joinKeys()).isEqualTo(1);
    }

    @Test
    void shouldKeepMatchedFlagsWhenTheTaskIsReopenedOnTheSameStore() {
        batch(
                task(JoinKind.FULL, WITHIN_THE_HOUR),
                NO_WATERMARK,
                at("09:00"),
                impression("i1", "A", "10:00"),
                click("c1", "A", "10:10"),
                impression("i2", "B", "10:00"));
        store.close();
        store = null;
        TaskOperator reopened = task(JoinKind.FULL, WITHIN_THE_HOUR);

        List<String> out =
                batch(reopened, at("09:00"), at("12:00"), impression("i3", "A", "10:05"));

        assertThat(out).containsExactly("i3 A c1", "i2 B null");
        assertThat(joinKeys()).isEqualTo(1);
    }

    @Test
    void shouldKeepEveryRowWhenThereIsNoTimeCondition() {
        TaskOperator task = task(JoinKind.INNER, new JoinCondition.None());
        batch(task, NO_WATERMARK, at("10:00"), impression("i1", "A", "2020-01-01"));

        List<String> out = batch(task, at("10:00"), at("23:00"), click("c1", "A", "2024-06-01"));

        assertThat(out).containsExactly("i1 A c1");
        assertThat(joinKeys()).isEqualTo(2 + 1); // two rows and the counter, no index
    }

    @Test
    void shouldLeaveNoTraceAndReplayAlikeWhenABatchAborts() {
        TaskOperator task = task(JoinKind.FULL, WITHIN_THE_HOUR);
        batch(task, NO_WATERMARK, at("09:00"), impression("i1", "A", "10:00"));
        Input[] replayed = {
            click("c1", "A", "10:10"), impression("i2", "B", "10:00"), click("c2", "C", "10:20")
        };
        List<String> aborted = new ArrayList<>();
        for (Input input : replayed) {
            task.add(input.row, input.timeMs, at("09:00"));
        }
        task.finish(at("09:00"), at("12:00"), 0, r -> aborted.add(text(r)));

        task.aborted();
        pending.clear();
        long afterAbort = joinKeys();
        List<String> replay = batch(task, at("09:00"), at("12:00"), replayed);

        assertThat(afterAbort).isEqualTo(2 + 1);
        assertThat(replay).isEqualTo(aborted);
        assertThat(replay).containsExactly("i1 A c1", "i2 B null", "null C c2");
        assertThat(joinKeys()).isEqualTo(1);
    }

    @Test
    void shouldForgetTheRowsAddedWhenTheBatchAbortsBeforeItFinishes() {
        TaskOperator task = task(JoinKind.LEFT, WITHIN_THE_HOUR);
        task.add(impression("i1", "A", "10:00").row, at("10:00"), NO_WATERMARK);

        task.aborted();
        List<String> out = batch(task, NO_WATERMARK, at("12:00"), impression("i2", "B", "10:00"));

        assertThat(out).containsExactly("i2 B null");
        assertThat(joinKeys()).isEqualTo(1);
    }

    @Test
    void shouldHaveDueWorkWhenAWatermarkWithoutInputPassesABufferedRowsLastChance() {
        TaskOperator task = task(JoinKind.LEFT, WITHIN_THE_HOUR);
        batch(task, NO_WATERMARK, at("10:00"), impression("i1", "A", "10:00"));

        boolean withoutWatermark = task.hasDueWork(0, NO_WATERMARK);
        boolean atLastChance = task.hasDueWork(0, at("11:00"));
        boolean pastLastChance = task.hasDueWork(0, at("11:00") + 1);
        List<String> out = batch(task, at("10:00"), at("11:00") + 1);

        assertThat(withoutWatermark).isFalse();
        assertThat(atLastChance).isFalse();
        assertThat(pastLastChance).isTrue();
        assertThat(out).containsExactly("i1 A null");
        assertThat(task.hasDueWork(0, at("23:00"))).isFalse();
    }

    @Test
    void shouldHaveNoDueWorkWhenThereIsNoTimeCondition() {
        TaskOperator task = task(JoinKind.INNER, new JoinCondition.None());
        batch(task, NO_WATERMARK, at("10:00"), impression("i1", "A", "10:00"));

        assertThat(task.hasDueWork(0, at("23:00"))).isFalse();
    }

    @Test
    void shouldDescribeTheJoinAndTakeTheStreamsDelayForItsTopicsOnly() {
        StreamJoinOperator operator =
                new StreamJoinOperator(
                        JoinKind.LEFT,
                        WITHIN_THE_HOUR,
                        IMPRESSION,
                        CLICK,
                        "AdID",
                        "AdID",
                        List.of(),
                        "joined",
                        List.of("clicks"),
                        Optional.of(Duration.ofMinutes(20)));

        assertThat(operator.delay("clicks")).contains(Duration.ofMinutes(20));
        assertThat(operator.delay("impressions")).isEmpty();
        assertThat(operator.stores()).containsExactly("join");
        assertThat(operator.describe())
                .isEqualTo(
                        "left join of stream clicks on AdID, with the right time between the left"
                                + " time + 0s and + 1h");
        assertThat(operator.outputSchema().getFields())
                .extracting(Schema.Field::name)
                .containsExactly("Id", "AdID", "ShownAt", "ClickId", "ClickedAt");
    }

    private static StreamJoinOperator operator(JoinKind kind, JoinCondition condition) {
        return new StreamJoinOperator(
                kind,
                condition,
                IMPRESSION,
                CLICK,
                "AdID",
                "AdID",
                List.of(),
                "joined",
                List.of("clicks"),
                Optional.empty());
    }

    private TaskOperator task(JoinKind kind, JoinCondition condition) {
        StreamJoinOperator operator = operator(kind, condition);
        if (store == null) {
            store =
                    stores.openTask(
                            new TaskStoreId("join-test", "p0"), Set.copyOf(operator.stores()));
        }
        return operator.open(store, pending, TaskInfo.single());
    }

    /** Runs one batch of {@code inputs}, all on time, and commits it; the rows out. */
    private List<String> batch(
            TaskOperator task, long watermark, long nextWatermark, Input... inputs) {
        for (Input input : inputs) {
            assertThat(task.add(input.row, input.timeMs, watermark)).isEqualTo(Admission.ON_TIME);
        }
        List<String> out = new ArrayList<>();
        task.finish(watermark, nextWatermark, 0, r -> out.add(text(r)));
        store.commit(pending, Map.of());
        return out;
    }

    /** The number of keys in the join store: rows, index entries and the row counter. */
    private long joinKeys() {
        return store.countKeys(JoinBuffer.STORE);
    }

    /** A join input row and its event time. */
    private record Input(GenericRecord row, long timeMs) {}

    private static Input impression(String id, String ad, String clock) {
        GenericData.Record row = new GenericData.Record(IMPRESSION);
        row.put("Id", id);
        row.put("AdID", ad);
        row.put("ShownAt", at(clock));
        return input(JoinInput.LEFT, IMPRESSION, row);
    }

    private static Input click(String id, String ad, String clock) {
        GenericData.Record row = new GenericData.Record(CLICK);
        row.put("ClickId", id);
        row.put("AdID", ad);
        row.put("ClickedAt", at(clock));
        return input(JoinInput.RIGHT, CLICK, row);
    }

    private static Input input(int side, Schema schema, GenericRecord row) {
        List<GenericRecord> out = new ArrayList<>();
        new JoinInput(side, schema, "AdID").process(row, out::add);
        assertThat(out).hasSize(1);
        return new Input(out.get(0), (Long) row.get(2));
    }

    /** Epoch millis of {@code clock}: HH:mm on 2024-01-01 UTC, or a date at midnight. */
    private static long at(String clock) {
        return clock.contains("-")
                ? Instant.parse(clock + "T00:00:00Z").toEpochMilli()
                : Instant.parse("2024-01-01T" + clock + ":00Z").toEpochMilli();
    }

    private static String text(GenericRecord row) {
        StringBuilder text = new StringBuilder().append(row.get("Id")).append(' ');
        text.append(row.get("AdID"));
        if (row.getSchema().getField("ClickId") != null) {
            text.append(' ').append(row.get("ClickId"));
        }
        return text.toString();
    }
}
