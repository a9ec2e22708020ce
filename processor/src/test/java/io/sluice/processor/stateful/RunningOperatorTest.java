package io.sluice.processor.stateful;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.processor.aggregate.AggregateFunction;
import io.sluice.processor.aggregate.AggregateSpec;
import io.sluice.processor.aggregate.CompiledAggregate;
import io.sluice.processor.expr.CompiledExpression;
import io.sluice.processor.expr.ExpressionCompiler;
import io.sluice.processor.plan.OutputMode;
import io.sluice.processor.state.StateBatch;
import io.sluice.processor.state.StateSettings;
import io.sluice.processor.state.StateStores;
import io.sluice.processor.state.TaskStore;
import io.sluice.processor.state.TaskStoreId;
import io.sluice.processor.window.AggregationPlan;
import io.sluice.processor.window.GroupColumn;
import io.sluice.processor.window.WindowSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Running totals over closed windows on a real RocksDB task store, batch by batch. */
class RunningOperatorTest {
    private static final long NO_WATERMARK = Long.MIN_VALUE;
    private static final Schema TRADE =
            SchemaBuilder.record("Trade")
                    .fields()
                    .name("CreatedTime")
                    .type(
                            LogicalTypes.timestampMillis()
                                    .addToSchema(Schema.create(Schema.Type.LONG)))
                    .noDefault()
                    .requiredString("Type")
                    .requiredLong("Amount")
                    .requiredString("Broker")
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
    void shouldAddUpClosedWindowsInStartOrderWhenTheTradesCloseInOneBatch() {
        TaskOperator task =
                task(running(new WindowSpec.Tumbling(Duration.ofMinutes(15)), List.of()));

        List<String> out =
                batch(
                        task,
                        at("11:00"),
                        trade("10:05", "BUY", 500),
                        trade("10:12", "BUY", 300),
                        trade("10:20", "BUY", 800),
                        trade("10:25", "SELL", 400),
                        trade("10:40", "BUY", 900),
                        trade("10:48", "SELL", 600));

        assertThat(out)
                .containsExactly(
                        "10:00 800 0 800 0",
                        "10:15 800 400 1600 400",
                        "10:30 900 0 2500 400",
                        "10:45 0 600 2500 1000");
    }

    @Test
    void shouldCarryTotalsPerGroupAcrossBatchesAndReopeningWhenWindowsCloseOneByOne() {
        RunningOperator operator =
                running(new WindowSpec.Tumbling(Duration.ofMinutes(15)), List.of("Broker"));
        TaskOperator task = task(operator);
        List<String> first =
                batch(
                        task,
                        at("10:15"),
                        trade("10:05", "BUY", 500, "X"),
                        trade("10:06", "SELL", 100, "Y"),
                        trade("10:20", "BUY", 800, "X"));
        store.close();
        store = null;
        TaskOperator reopened = task(operator);

        List<String> second = batch(reopened, at("10:30"), trade("10:25", "SELL", 400, "Y"));

        assertThat(first).containsExactly("X 10:00 500 0 500 0", "Y 10:00 0 100 0 100");
        // windows with one start come in no particular order: each group has its own totals
        assertThat(second).containsExactlyInAnyOrder("X 10:15 800 0 1300 0", "Y 10:15 0 400 0 500");
        assertThat(store.countKeys(RunningOperator.TOTALS)).isEqualTo(2);
    }

    @Test
    void shouldEmitSessionsInStartOrderWhenTheyCloseInOtherOrder() {
        TaskOperator task =
                task(running(new WindowSpec.Session(Duration.ofMinutes(10)), List.of("Broker")));

        List<String> out =
                batch(
                        task,
                        at("11:00"),
                        trade("10:00", "BUY", 1, "X"),
                        trade("10:25", "BUY", 2, "X"),
                        trade("10:05", "BUY", 4, "Y"),
                        trade("10:35", "BUY", 8, "Y"),
                        trade("10:10", "BUY", 16, "X"));

        // X: [10:00, 10:20) and [10:25, 10:35); Y: [10:05, 10:15) and [10:35, 10:45)
        assertThat(out)
                .containsExactly(
                        "X 10:00 17 0 17 0",
                        "Y 10:05 4 0 4 0",
                        "X 10:25 2 0 19 0",
                        "Y 10:35 8 0 12 0");
    }

    @Test
    void shouldKeepTheWindowsStoresAndAddItsOwnWhenItWrapsAWindowOperator() {
        RunningOperator operator =
                running(new WindowSpec.Tumbling(Duration.ofMinutes(15)), List.of("Broker"));

        assertThat(operator.stores())
                .containsExactly(RocksDbWindowStore.WINDOWS, RocksDbWindowStore.EXPIRY, "running");
        assertThat(operator.keyColumns()).extracting(GroupColumn::name).containsExactly("Broker");
        assertThat(operator.outputSchema().getFields())
                .extracting(Schema.Field::name)
                .containsExactly(
                        "Broker",
                        "window_start",
                        "window_end",
                        "TotalBuy",
                        "TotalSell",
                        "RTotalBuy",
                        "RTotalSell");
    }

    @Test
    void shouldRefuseAWindowThatIsNotInAppendMode() {
        AggregationPlan plan =
                plan(new WindowSpec.Tumbling(Duration.ofMinutes(15)), List.of(), OutputMode.UPDATE);
        WindowOperator window = new WindowOperator(plan);

        assertThatThrownBy(() -> new RunningOperator(window, sums(plan), "Result"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("running totals need closed windows, which only append mode emits");
    }

    private RunningOperator running(WindowSpec window, List<String> groupBy) {
        AggregationPlan plan = plan(window, groupBy, OutputMode.APPEND);
        return new RunningOperator(new WindowOperator(plan), sums(plan), "Result");
    }

    private static AggregationPlan plan(WindowSpec window, List<String> groupBy, OutputMode mode) {
        List<GroupColumn> groups = new ArrayList<>();
        for (String column : groupBy) {
            groups.add(new GroupColumn(column, ExpressionCompiler.compile(column, TRADE)));
        }
        Map<String, String> aggregates = new LinkedHashMap<>();
        aggregates.put("TotalBuy", "sum(CASE WHEN Type = 'BUY' THEN Amount ELSE 0 END)");
        aggregates.put("TotalSell", "sum(CASE WHEN Type = 'SELL' THEN Amount ELSE 0 END)");
        return new AggregationPlan(
                "Result", window, groups, AggregateSpec.compile(aggregates, TRADE), mode);
    }

    /** RTotalBuy = sum(TotalBuy), RTotalSell = sum(TotalSell) over the window's rows. */
    private static List<CompiledAggregate> sums(AggregationPlan plan) {
        List<CompiledAggregate> sums = new ArrayList<>();
        for (String column : List.of("TotalBuy", "TotalSell")) {
            CompiledExpression argument = ExpressionCompiler.compile(column, plan.outputSchema());
            sums.add(
                    new CompiledAggregate(
                            "R" + column,
                            "sum(" + column + ")",
                            AggregateFunction.of(
                                    AggregateFunction.Kind.SUM, argument.resultSchema()),
                            Optional.of(argument)));
        }
        return sums;
    }

    private TaskOperator task(RunningOperator operator) {
        if (store == null) {
            store =
                    stores.openTask(
                            new TaskStoreId("running-test", "p0"), Set.copyOf(operator.stores()));
        }
        return operator.open(store, pending, TaskInfo.single());
    }

    /** Runs one batch of {@code trades} from no watermark to {@code nextWatermark}; commits it. */
    private List<String> batch(TaskOperator task, long nextWatermark, GenericRecord... trades) {
        for (GenericRecord trade : trades) {
            task.add(trade, (Long) trade.get("CreatedTime"), NO_WATERMARK);
        }
        List<String> out = new ArrayList<>();
        task.finish(NO_WATERMARK, nextWatermark, 0, r -> out.add(text(r)));
        store.commit(pending, Map.of());
        return out;
    }

    private static GenericRecord trade(String clock, String type, long amount) {
        return trade(clock, type, amount, "ABX");
    }

    private static GenericRecord trade(String clock, String type, long amount, String broker) {
        GenericData.Record row = new GenericData.Record(TRADE);
        row.put("CreatedTime", at(clock));
        row.put("Type", type);
        row.put("Amount", amount);
        row.put("Broker", broker);
        return row;
    }

    private static long at(String clock) {
        return Instant.parse("2019-02-05T" + clock + ":00Z").toEpochMilli();
    }

    /** A row as "[group] start TotalBuy TotalSell RTotalBuy RTotalSell", start as HH:mm. */
    private static String text(GenericRecord row) {
        StringBuilder text = new StringBuilder();
        for (Schema.Field field : row.getSchema().getFields()) {
            Object value = row.get(field.pos());
            if (field.name().equals("window_end")) {
                continue;
            }
            if (field.name().equals("window_start")) {
                value = Instant.ofEpochMilli((Long) value).toString().substring(11, 16);
            }
            text.append(text.length() == 0 ? "" : " ").append(value);
        }
        return text.toString();
    }
}
