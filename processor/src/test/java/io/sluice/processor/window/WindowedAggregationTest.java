package io.sluice.processor.window;

import static io.sluice.processor.window.Plans.at;
import static io.sluice.processor.window.Plans.event;
import static io.sluice.processor.window.Plans.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.processor.plan.OutputMode;
import io.sluice.serdes.Codecs;
import io.sluice.serdes.DecodeResult;
import io.sluice.serdes.FormatSpec;
import io.sluice.serdes.RowDecoder;
import io.sluice.serdes.json.JsonOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class WindowedAggregationTest {
    private static final Schema TRADE =
            SchemaBuilder.record("Trade")
                    .fields()
                    .name("CreatedTime")
                    .type(Plans.TIMESTAMP)
                    .noDefault()
                    .requiredString("Type")
                    .requiredInt("Amount")
                    .requiredString("BrokerCode")
                    .endRecord();
    private static final WindowSpec HOURLY = new WindowSpec.Tumbling(Duration.ofHours(1));
    private static final WindowSpec TEN_MINUTES = new WindowSpec.Tumbling(Duration.ofMinutes(10));

    @ParameterizedTest
    @EnumSource(
            value = OutputMode.class,
            names = {"COMPLETE", "UPDATE"})
    void shouldSumBuysAndSellsPerQuarterHourWhenTradesArriveInOneBatch(OutputMode mode)
            throws IOException {
        AggregationPlan plan =
                Plans.plan(
                        TRADE,
                        new WindowSpec.Tumbling(Duration.ofMinutes(15)),
                        List.of(),
                        mode,
                        "TotalBuy",
                        "sum(CASE WHEN Type = 'BUY' THEN Amount ELSE 0 END)",
                        "TotalSell",
                        "sum(CASE WHEN Type = 'SELL' THEN Amount ELSE 0 END)");
        WindowedAggregation aggregation = new WindowedAggregation(plan, Optional.empty());

        BatchResult result = aggregation.process(trades());

        assertThat(text(result.rows()))
                .containsExactly(
                        "10:00,10:15,800,0",
                        "10:15,10:30,800,400",
                        "10:30,10:45,900,0",
                        "10:45,11:00,0,600");
        assertThat(result.late()).isEmpty();
    }

    static Stream<Optional<Duration>> watermarkDelays() {
        return Stream.of(Optional.of(Duration.ofMinutes(10)), Optional.empty());
    }

    @ParameterizedTest
    @MethodSource("watermarkDelays")
    void shouldEmitChangedCountsPerBatchWhenUpdateMode(Optional<Duration> delay) {
        AggregationPlan plan =
                Plans.plan(
                        Plans.EVENT,
                        HOURLY,
                        List.of("Action"),
                        OutputMode.UPDATE,
                        "Count",
                        "count(*)");
        WindowedAggregation aggregation = new WindowedAggregation(plan, delay);

        BatchResult first =
                aggregation.process(
                        List.of(
                                event("phone1", "02:01", "open"),
                                event("phone2", "01:58", "open")));
        BatchResult second =
                aggregation.process(
                        List.of(
                                event("phone1", "02:03", "close"),
                                event("phone3", "01:59", "open")));
        BatchResult third = aggregation.process(List.of(event("phone1", "02:05", "open")));

        assertThat(text(first.rows())).containsExactly("open,01:00,02:00,1", "open,02:00,03:00,1");
        assertThat(text(second.rows()))
                .containsExactly("open,01:00,02:00,2", "close,02:00,03:00,1");
        assertThat(text(third.rows())).containsExactly("open,02:00,03:00,2");
        assertThat(first.late()).isEmpty();
        assertThat(second.late()).isEmpty();
    }

    @Test
    void shouldComputeWatermarkFromPreviousBatchWhenMobileEventsHaveADelay() {
        AggregationPlan plan =
                Plans.plan(
                        Plans.EVENT,
                        HOURLY,
                        List.of("Action"),
                        OutputMode.UPDATE,
                        "Count",
                        "count(*)");
        WindowedAggregation aggregation =
                new WindowedAggregation(plan, Optional.of(Duration.ofMinutes(10)));

        BatchResult first = aggregation.process(List.of(event("phone1", "02:01", "open")));
        BatchResult second = aggregation.process(List.of(event("phone3", "01:59", "open")));

        assertThat(first.watermarkMs()).isEqualTo(Long.MIN_VALUE);
        assertThat(first.nextWatermarkMs()).isEqualTo(at("01:51"));
        assertThat(second.watermarkMs()).isEqualTo(at("01:51"));
    }

    @Test
    void shouldEmitWindowOnceWhenWatermarkPassesItsEndInAppendMode() {
        WindowedAggregation aggregation = countsPerTenMinutes(OutputMode.APPEND);

        BatchResult first =
                aggregation.process(List.of(event("a", "00:01", "x"), event("b", "00:04", "x")));
        BatchResult second = aggregation.process(List.of(event("c", "00:16", "x")));
        BatchResult third = aggregation.process(List.of(event("d", "00:17", "x")));
        BatchResult fourth = aggregation.process(List.of(event("e", "00:30", "x")));

        assertThat(first.rows()).isEmpty();
        assertThat(text(second.rows())).containsExactly("00:00,00:10,2");
        assertThat(third.rows()).isEmpty();
        assertThat(text(fourth.rows())).containsExactly("00:10,00:20,2");
        assertThat(aggregation.stateSize()).isEqualTo(1);
    }

    @Test
    void shouldCountOlderRecordsOfTheBatchThatMovesTheWatermark() {
        WindowedAggregation aggregation = countsPerTenMinutes(OutputMode.APPEND);

        BatchResult result =
                aggregation.process(List.of(event("a", "00:30", "x"), event("b", "00:01", "x")));

        assertThat(result.late()).isEmpty();
        assertThat(text(result.rows())).containsExactly("00:00,00:10,1");
    }

    @ParameterizedTest
    @EnumSource(
            value = OutputMode.class,
            names = {"APPEND", "UPDATE"})
    void shouldReportAndDropRecordWhenItsWindowEndedByTheWatermarkInEffect(OutputMode mode) {
        WindowedAggregation aggregation = countsPerTenMinutes(mode);
        aggregation.process(List.of(event("a", "00:01", "x")));
        aggregation.process(List.of(event("b", "00:16", "x")));
        EventRow late = event("c", "00:05", "x");

        BatchResult result = aggregation.process(List.of(late, event("d", "00:12", "x")));

        assertThat(result.late()).containsExactly(new LateRecord(late, Admission.LATE));
        if (mode == OutputMode.UPDATE) {
            assertThat(text(result.rows())).containsExactly("00:10,00:20,2");
        } else {
            assertThat(result.rows()).isEmpty();
        }
    }

    @Test
    void shouldBeLateForOneSlidingWindowAndOnTimeForTheNextWhenTheyEndEitherSideOfWatermark() {
        AggregationPlan plan =
                Plans.plan(
                        Plans.EVENT,
                        new WindowSpec.Sliding(Duration.ofMinutes(10), Duration.ofMinutes(5)),
                        List.of(),
                        OutputMode.UPDATE,
                        "Count",
                        "count(*)");
        WindowedAggregation aggregation = new WindowedAggregation(plan, Optional.of(Duration.ZERO));
        aggregation.process(List.of(event("a", "00:12", "x")));
        EventRow partlyLate = event("b", "00:08", "x");

        BatchResult result = aggregation.process(List.of(partlyLate));

        assertThat(result.watermarkMs()).isEqualTo(at("00:12"));
        assertThat(result.late())
                .containsExactly(new LateRecord(partlyLate, Admission.PARTLY_LATE));
        assertThat(text(result.rows())).containsExactly("00:05,00:15,2");
    }

    @Test
    void shouldMergeSessionsWhenARecordBridgesThemInOneBatch() {
        WindowedAggregation aggregation = sessions(OutputMode.UPDATE, Optional.empty());

        BatchResult result =
                aggregation.process(
                        List.of(
                                event("u1", "00:00", "a"),
                                event("u1", "00:08", "b"),
                                event("u2", "00:02", "c"),
                                event("u1", "00:04", "d")));

        assertThat(text(result.rows()))
                .containsExactly("u1,00:00,00:13,3,a,d", "u2,00:02,00:07,1,c,c");
    }

    @Test
    void shouldMergeStoredSessionsWhenALaterBatchBridgesThem() {
        WindowedAggregation aggregation = sessions(OutputMode.UPDATE, Optional.empty());
        BatchResult first =
                aggregation.process(List.of(event("u1", "00:00", "a"), event("u1", "00:08", "b")));

        BatchResult second = aggregation.process(List.of(event("u1", "00:04", "c")));

        assertThat(text(first.rows()))
                .containsExactly("u1,00:00,00:05,1,a,a", "u1,00:08,00:13,1,b,b");
        assertThat(text(second.rows())).containsExactly("u1,00:00,00:13,3,a,c");
        assertThat(aggregation.stateSize()).isEqualTo(1);
    }

    @Test
    void shouldEmitMergedSessionOnceWhenItClosesInAppendMode() {
        WindowedAggregation aggregation =
                sessions(OutputMode.APPEND, Optional.of(Duration.ofMinutes(10)));
        BatchResult first =
                aggregation.process(List.of(event("u1", "00:00", "a"), event("u1", "00:08", "b")));
        BatchResult second = aggregation.process(List.of(event("u1", "00:04", "c")));

        BatchResult third = aggregation.process(List.of(event("u2", "00:30", "d")));

        assertThat(first.rows()).isEmpty();
        assertThat(second.rows()).isEmpty();
        assertThat(text(third.rows())).containsExactly("u1,00:00,00:13,3,a,c");
        assertThat(aggregation.stateSize()).isEqualTo(1);
    }

    @Test
    void shouldDropRecordWhenItsOwnSessionWindowEndedByTheWatermark() {
        WindowedAggregation aggregation = sessions(OutputMode.UPDATE, Optional.of(Duration.ZERO));
        aggregation.process(List.of(event("u1", "00:20", "a")));
        EventRow late = event("u1", "00:10", "b");

        BatchResult result = aggregation.process(List.of(late));

        assertThat(result.late()).containsExactly(new LateRecord(late, Admission.LATE));
        assertThat(result.rows()).isEmpty();
    }

    @Test
    void shouldEmitWholeTableAndCountOldRecordsWhenCompleteMode() {
        WindowedAggregation aggregation = countsPerTenMinutes(OutputMode.COMPLETE);
        aggregation.process(List.of(event("a", "00:01", "x")));
        aggregation.process(List.of(event("b", "00:45", "x")));

        BatchResult result = aggregation.process(List.of(event("c", "00:02", "x")));

        assertThat(result.late()).isEmpty();
        assertThat(text(result.rows())).containsExactly("00:00,00:10,2", "00:40,00:50,1");
        assertThat(aggregation.stateSize()).isEqualTo(2);
    }

    @Test
    void shouldEvictClosedWindowsWithoutEmittingThemWhenUpdateMode() {
        WindowedAggregation aggregation = countsPerTenMinutes(OutputMode.UPDATE);
        aggregation.process(List.of(event("a", "00:01", "x")));

        BatchResult result = aggregation.process(List.of(event("b", "00:45", "x")));

        assertThat(text(result.rows())).containsExactly("00:40,00:50,1");
        assertThat(aggregation.stateSize()).isEqualTo(1);
    }

    @Test
    void shouldEmitUpdatedWindowThatAlsoClosesWhenUpdateMode() {
        WindowedAggregation aggregation = countsPerTenMinutes(OutputMode.UPDATE);

        BatchResult result =
                aggregation.process(List.of(event("a", "00:01", "x"), event("b", "00:45", "x")));

        assertThat(text(result.rows())).containsExactly("00:00,00:10,1", "00:40,00:50,1");
        assertThat(aggregation.stateSize()).isEqualTo(1);
    }

    @Test
    void shouldKeepArrivalOrderAcrossBatchesWhenFirstLastAndCollectList() {
        AggregationPlan plan =
                Plans.plan(
                        Plans.EVENT,
                        HOURLY,
                        List.of("Id"),
                        OutputMode.UPDATE,
                        "First",
                        "first(Action)",
                        "Last",
                        "last(Action)",
                        "All",
                        "collect_list(Action)",
                        "Distinct",
                        "count_distinct(Action)");
        WindowedAggregation aggregation = new WindowedAggregation(plan, Optional.empty());
        aggregation.process(List.of(event("p", "00:30", "open"), event("p", "00:10", "tap")));

        BatchResult result = aggregation.process(List.of(event("p", "00:20", "open")));

        assertThat(text(result.rows()))
                .containsExactly("p,00:00,01:00,open,open,[open, tap, open],2");
    }

    @Test
    void shouldRefuseAppendModeWhenThereIsNoWatermark() {
        AggregationPlan plan =
                Plans.plan(Plans.EVENT, HOURLY, List.of(), OutputMode.APPEND, "Count", "count(*)");

        assertThatThrownBy(() -> new WindowedAggregation(plan, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs a watermark");
    }

    @Test
    void shouldCarryGroupWindowAndAggregateColumnsWhenRowsAreEmitted() {
        AggregationPlan plan =
                Plans.plan(
                        Plans.EVENT,
                        HOURLY,
                        List.of("Action"),
                        OutputMode.UPDATE,
                        "Count",
                        "count(*)",
                        "Notes",
                        "count(Note)");

        Schema schema = new WindowedAggregation(plan, Optional.empty()).outputSchema();

        assertThat(schema.getFields())
                .extracting(Schema.Field::name)
                .containsExactly("Action", "window_start", "window_end", "Count", "Notes");
        assertThat(schema.getField("window_start").schema()).isEqualTo(Plans.TIMESTAMP);
    }

    private static WindowedAggregation countsPerTenMinutes(OutputMode mode) {
        AggregationPlan plan =
                Plans.plan(Plans.EVENT, TEN_MINUTES, List.of(), mode, "Count", "count(*)");
        return new WindowedAggregation(plan, Optional.of(Duration.ofMinutes(5)));
    }

    private static WindowedAggregation sessions(OutputMode mode, Optional<Duration> delay) {
        AggregationPlan plan =
                Plans.plan(
                        Plans.EVENT,
                        new WindowSpec.Session(Duration.ofMinutes(5)),
                        List.of("Id"),
                        mode,
                        "Count",
                        "count(*)",
                        "First",
                        "first(Action)",
                        "Last",
                        "last(Action)");
        return new WindowedAggregation(plan, delay);
    }

    private static List<EventRow> trades() throws IOException {
        RowDecoder decoder =
                Codecs.decoder(
                        new FormatSpec.Json(
                                JsonOptions.defaults().withTimestampFormat("yyyy-MM-dd HH:mm:ss")),
                        TRADE);
        List<EventRow> rows = new ArrayList<>();
        try (InputStream in = WindowedAggregationTest.class.getResourceAsStream("trades.jsonl");
                BufferedReader lines =
                        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                DecodeResult decoded = decoder.decode(line.getBytes(StandardCharsets.UTF_8));
                GenericRecord row = ((DecodeResult.Decoded) decoded).row();
                rows.add(new EventRow(row, (Long) row.get("CreatedTime")));
            }
        }
        return rows;
    }
}
