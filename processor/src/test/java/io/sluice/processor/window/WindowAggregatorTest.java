package io.sluice.processor.window;

import static io.sluice.processor.window.Plans.at;
import static io.sluice.processor.window.Plans.event;
import static io.sluice.processor.window.Plans.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.processor.plan.OutputMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

/** Drives the per-batch pieces the engine uses, over the in-memory store. */
class WindowAggregatorTest {
    private static final WindowSpec TEN_MINUTES = new WindowSpec.Tumbling(Duration.ofMinutes(10));

    @Test
    void shouldEmitAndDeleteStoredWindowWhenWatermarkClosesItWithoutNewRecords() {
        WindowAggregator aggregator = aggregator(OutputMode.APPEND);
        InMemoryWindowStore store = new InMemoryWindowStore(aggregator.stateCodec());
        run(aggregator, store, Long.MIN_VALUE, at("00:00"), event("a", "00:03", "x"));

        List<GenericRecord> out = new ArrayList<>();
        BatchStats stats =
                aggregator.finish(aggregator.newBatch(at("00:00")), store, at("00:10"), out::add);
        store.commit();

        assertThat(text(out)).containsExactly("x,00:00,00:10,1");
        assertThat(stats).isEqualTo(new BatchStats(1, 0, 1));
        assertThat(store.size()).isZero();
    }

    @Test
    void shouldMergeBatchIntoStoredWindowWhenBothHaveRecords() {
        WindowAggregator aggregator = aggregator(OutputMode.UPDATE);
        InMemoryWindowStore store = new InMemoryWindowStore(aggregator.stateCodec());
        run(aggregator, store, Long.MIN_VALUE, Long.MIN_VALUE, event("a", "00:03", "x"));

        List<GenericRecord> out =
                run(aggregator, store, Long.MIN_VALUE, Long.MIN_VALUE, event("b", "00:04", "x"));

        assertThat(text(out)).containsExactly("x,00:00,00:10,2");
        assertThat(store.size()).isEqualTo(1);
    }

    @Test
    void shouldWriteNothingWhenBatchIsAborted() {
        WindowAggregator aggregator = aggregator(OutputMode.UPDATE);
        InMemoryWindowStore store = new InMemoryWindowStore(aggregator.stateCodec());
        PartialAggregation batch = aggregator.newBatch(Long.MIN_VALUE);
        EventRow event = event("a", "00:03", "x");
        batch.add(event.row(), event.eventTimeMs());

        aggregator.finish(batch, store, Long.MIN_VALUE, row -> {});

        assertThat(store.size()).isZero();
    }

    @Test
    void shouldEmitStoredWindowsTheBatchDidNotTouchWhenCompleteMode() {
        WindowAggregator aggregator = aggregator(OutputMode.COMPLETE);
        InMemoryWindowStore store = new InMemoryWindowStore(aggregator.stateCodec());
        run(aggregator, store, Long.MIN_VALUE, at("01:00"), event("a", "00:03", "x"));

        List<GenericRecord> out =
                run(aggregator, store, at("01:00"), at("02:00"), event("b", "00:15", "y"));

        assertThat(text(out)).containsExactlyInAnyOrder("x,00:00,00:10,1", "y,00:10,00:20,1");
        assertThat(store.size()).isEqualTo(2);
    }

    @Test
    void shouldRefuseWatermarkWhenItMovedBackwards() {
        WindowAggregator aggregator = aggregator(OutputMode.UPDATE);
        InMemoryWindowStore store = new InMemoryWindowStore(aggregator.stateCodec());
        PartialAggregation batch = aggregator.newBatch(at("00:10"));

        assertThatThrownBy(() -> aggregator.finish(batch, store, at("00:05"), row -> {}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("moved backwards");
    }

    @Test
    void shouldDeleteMergedAwaySessionsAndWriteTheMergedOneWhenARecordBridgesThem() {
        WindowAggregator aggregator =
                new WindowAggregator(
                        Plans.plan(
                                Plans.EVENT,
                                new WindowSpec.Session(Duration.ofMinutes(5)),
                                List.of("Id"),
                                OutputMode.UPDATE,
                                "Count",
                                "count(*)"));
        InMemoryWindowStore store = new InMemoryWindowStore(aggregator.stateCodec());
        run(
                aggregator,
                store,
                Long.MIN_VALUE,
                Long.MIN_VALUE,
                event("u", "00:00", "a"),
                event("u", "00:08", "b"));
        PartialAggregation batch = aggregator.newBatch(Long.MIN_VALUE);
        EventRow bridge = event("u", "00:04", "c");
        batch.add(bridge.row(), bridge.eventTimeMs());

        BatchStats stats = aggregator.finish(batch, store, Long.MIN_VALUE, row -> {});
        store.commit();

        assertThat(stats).isEqualTo(new BatchStats(1, 1, 1));
        assertThat(store.sessions(GroupKey.of("u")))
                .extracting(WindowState::window)
                .containsExactly(new TimeWindow(at("00:00"), at("00:13")));
    }

    @Test
    void shouldEmitTheChangedHourlyCountsOfEachBatchWhenMobileEventsArriveInUpdateMode() {
        WindowAggregator aggregator =
                new WindowAggregator(
                        Plans.plan(
                                Plans.EVENT,
                                new WindowSpec.Tumbling(Duration.ofHours(1)),
                                List.of("Action"),
                                OutputMode.UPDATE,
                                "Count",
                                "count(*)"));
        InMemoryWindowStore store = new InMemoryWindowStore(aggregator.stateCodec());

        // Watermarks trail the latest event by 10 minutes, each in effect from the next batch.
        List<GenericRecord> first =
                run(
                        aggregator,
                        store,
                        Long.MIN_VALUE,
                        at("01:51"),
                        event("phone1", "02:01", "open"),
                        event("phone2", "01:58", "open"));
        List<GenericRecord> second =
                run(
                        aggregator,
                        store,
                        at("01:51"),
                        at("01:53"),
                        event("phone1", "02:03", "close"),
                        event("phone3", "01:59", "open"));
        List<GenericRecord> third =
                run(aggregator, store, at("01:53"), at("01:55"), event("phone1", "02:05", "open"));

        assertThat(text(first))
                .containsExactlyInAnyOrder("open,01:00,02:00,1", "open,02:00,03:00,1");
        assertThat(text(second))
                .containsExactlyInAnyOrder("open,01:00,02:00,2", "close,02:00,03:00,1");
        assertThat(text(third)).containsExactly("open,02:00,03:00,2");
    }

    @Test
    void shouldEmitOneRowPerChangedGroupWithoutWindowColumnsWhenThereIsNoWindow() {
        WindowAggregator aggregator = globalAggregator(OutputMode.UPDATE);
        InMemoryWindowStore store = new InMemoryWindowStore(aggregator.stateCodec());

        List<GenericRecord> first =
                run(
                        aggregator,
                        store,
                        Long.MIN_VALUE,
                        at("01:51"),
                        event("phone1", "02:01", "open"),
                        event("phone2", "01:58", "open"));
        List<GenericRecord> second =
                run(
                        aggregator,
                        store,
                        at("01:51"),
                        at("01:53"),
                        event("phone1", "02:03", "close"),
                        event("phone3", "01:59", "open"));
        List<GenericRecord> third =
                run(aggregator, store, at("01:53"), at("01:55"), event("phone1", "02:05", "open"));

        assertThat(aggregator.outputSchema().getFields())
                .extracting(Schema.Field::name)
                .containsExactly("Action", "Count");
        assertThat(text(first)).containsExactly("open,2");
        assertThat(text(second)).containsExactly("close,1", "open,3");
        assertThat(text(third)).containsExactly("open,4");
    }

    @Test
    void shouldCountOldRecordsAndEvictNothingWhenThereIsNoWindowAndTheWatermarkIsFarAhead() {
        WindowAggregator aggregator = globalAggregator(OutputMode.UPDATE);
        InMemoryWindowStore store = new InMemoryWindowStore(aggregator.stateCodec());
        run(aggregator, store, Long.MIN_VALUE, at("23:00"), event("a", "22:00", "open"));
        PartialAggregation batch = aggregator.newBatch(at("23:00"));
        EventRow old = event("b", "00:01", "open");

        Admission admission = batch.add(old.row(), old.eventTimeMs());
        List<GenericRecord> out = new ArrayList<>();
        BatchStats stats = aggregator.finish(batch, store, at("23:59"), out::add);
        store.commit();

        assertThat(admission).isEqualTo(Admission.ON_TIME);
        assertThat(text(out)).containsExactly("open,2");
        assertThat(stats).isEqualTo(new BatchStats(1, 1, 0));
        assertThat(store.size()).isEqualTo(1);
    }

    @Test
    void shouldEmitEveryGroupEachBatchWhenThereIsNoWindowInCompleteMode() {
        WindowAggregator aggregator = globalAggregator(OutputMode.COMPLETE);
        InMemoryWindowStore store = new InMemoryWindowStore(aggregator.stateCodec());
        run(
                aggregator,
                store,
                Long.MIN_VALUE,
                Long.MIN_VALUE,
                event("a", "00:01", "open"),
                event("b", "00:02", "close"));

        List<GenericRecord> out =
                run(aggregator, store, Long.MIN_VALUE, Long.MIN_VALUE, event("c", "05:00", "open"));

        assertThat(text(out)).containsExactlyInAnyOrder("open,2", "close,1");
    }

    @Test
    void shouldRefuseAppendModeWhenThereIsNoWindow() {
        assertThatThrownBy(() -> globalAggregator(OutputMode.APPEND))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "append mode emits a row once the watermark closes its window, and an"
                                + " aggregation without a window is never closed unless it groups"
                                + " by the watermarked event-time column; use update or complete"
                                + " mode");
    }

    private static WindowAggregator globalAggregator(OutputMode mode) {
        return new WindowAggregator(
                Plans.plan(
                        Plans.EVENT,
                        new WindowSpec.Global(),
                        List.of("Action"),
                        mode,
                        "Count",
                        "count(*)"));
    }

    private static List<GenericRecord> run(
            WindowAggregator aggregator,
            InMemoryWindowStore store,
            long watermarkMs,
            long nextWatermarkMs,
            EventRow... events) {
        PartialAggregation batch = aggregator.newBatch(watermarkMs);
        for (EventRow event : events) {
            batch.add(event.row(), event.eventTimeMs());
        }
        List<GenericRecord> out = new ArrayList<>();
        aggregator.finish(batch, store, nextWatermarkMs, out::add);
        store.commit();
        return out;
    }

    private static WindowAggregator aggregator(OutputMode mode) {
        return new WindowAggregator(
                Plans.plan(Plans.EVENT, TEN_MINUTES, List.of("Action"), mode, "Count", "count(*)"));
    }
}
