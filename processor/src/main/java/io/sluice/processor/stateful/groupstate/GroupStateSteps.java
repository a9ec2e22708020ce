package io.sluice.processor.stateful.groupstate;

import io.sluice.processor.RowOperator;
import io.sluice.processor.expr.ExpressionCompiler;
import io.sluice.processor.plan.StatefulStage;
import io.sluice.processor.plan.StatefulStage.EventTime;
import io.sluice.processor.stateful.StatefulOperator;
import io.sluice.processor.window.GroupColumn;
import io.sluice.processor.window.GroupKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * Group-state steps for Java users: {@code mapGroupsWithState}, {@code flatMapGroupsWithState} and
 * {@code updateStateByKey} as the stateful stage of a {@link
 * io.sluice.processor.plan.PipelinePlan}.
 *
 * <pre>{@code
 * StatefulOperator counts = GroupStateSteps.updateStateByKey(
 *         GroupStateSteps.keyColumns(wordSchema, "word"),
 *         row -> 1L,
 *         (values, state) -> Optional.of(state.orElse(0L) + values.size()),
 *         StateCodec.longs(),
 *         Map.of(GroupKey.of("hello"), 1L),
 *         countSchema,
 *         (key, count) -> countRow(key.get(0), count));
 * StatefulStage stage = GroupStateSteps.stage(counts, new EventTime.RecordTimestamp(),
 *         Optional.empty(), List.of());
 * }</pre>
 *
 * <p>State lives in the task's RocksDB stores {@code group-state} (and {@code group-timeouts}),
 * each with its compacted changelog topic, and commits with the batch. A function that throws stops
 * the pipeline without committing the batch: no input record can take the blame.
 */
public final class GroupStateSteps {

    private GroupStateSteps() {}

    /**
     * The key columns named {@code names}, each a plain column of {@code input} (the rows the step
     * reads).
     *
     * @throws io.sluice.processor.expr.ExpressionException when a column does not exist
     */
    public static List<GroupColumn> keyColumns(Schema input, String... names) {
        List<GroupColumn> columns = new ArrayList<>(names.length);
        for (String name : names) {
            columns.add(new GroupColumn(name, ExpressionCompiler.compile(name, input)));
        }
        return columns;
    }

    /**
     * A {@code mapGroupsWithState} step: the function returns one row per call.
     *
     * @param keyColumns the columns rows are grouped by; empty for one group
     * @param outputSchema the schema of the rows the function returns
     * @param codec how the state is stored
     * @param timeout which timeouts the function may set
     * @param function called once per key per batch, and on the key's timeout
     */
    public static <S> StatefulOperator mapGroupsWithState(
            List<GroupColumn> keyColumns,
            Schema outputSchema,
            StateCodec<S> codec,
            GroupStateTimeout timeout,
            MapGroupsWithStateFunction<S> function) {
        return new GroupStateOperator<>(
                keyColumns, GroupFunction.of(function), codec, outputSchema, timeout, false);
    }

    /**
     * A {@code flatMapGroupsWithState} step: the function returns zero or more rows per call.
     *
     * @see #mapGroupsWithState
     */
    public static <S> StatefulOperator flatMapGroupsWithState(
            List<GroupColumn> keyColumns,
            Schema outputSchema,
            StateCodec<S> codec,
            GroupStateTimeout timeout,
            FlatMapGroupsWithStateFunction<S> function) {
        return new GroupStateOperator<>(
                keyColumns, GroupFunction.of(function), codec, outputSchema, timeout, false);
    }

    /**
     * An {@code updateStateByKey} step (Spark Streaming's): every batch, {@code update} runs for
     * every key with a state or new values, and every key with a state is emitted as one row.
     *
     * @param keyColumns the columns rows are grouped by
     * @param valueOf the value a row gives its key
     * @param update the new state of a key from its values and its state
     * @param codec how the state is stored
     * @param initialState the state keys start with, seeded in the first batch of the task that
     *     owns each key (values of {@code keyColumns}, in order, to state)
     * @param outputSchema the schema of the rows {@code toRow} returns
     * @param toRow the row of a key and its state
     */
    public static <V, S> StatefulOperator updateStateByKey(
            List<GroupColumn> keyColumns,
            Function<GenericRecord, V> valueOf,
            UpdateStateFunction<V, S> update,
            StateCodec<S> codec,
            Map<GroupKey, S> initialState,
            Schema outputSchema,
            StateRowFunction<S> toRow) {
        return new UpdateStateByKeyOperator<>(
                keyColumns, valueOf, update, codec, initialState, outputSchema, toRow);
    }

    /**
     * The stateful stage that runs {@code operator}, for {@link
     * io.sluice.processor.plan.PipelinePlan}'s {@code stateful}.
     *
     * @param eventTime where a row's event time comes from
     * @param watermarkDelay how late event time may be; required for event-time timeouts
     * @param after the stateless steps over the step's output rows
     * @throws IllegalArgumentException when the step has event-time timeouts and no watermark
     */
    public static StatefulStage stage(
            StatefulOperator operator,
            EventTime eventTime,
            Optional<Duration> watermarkDelay,
            List<RowOperator> after) {
        StatefulOperator withWatermark = operator;
        if (operator instanceof GroupStateOperator<?> groups) {
            if (groups.timeout() == GroupStateTimeout.EVENT_TIME && watermarkDelay.isEmpty()) {
                throw new IllegalArgumentException(
                        groups.describe()
                                + " has event-time timeouts and needs a watermark; give the stage"
                                + " a watermark delay");
            }
            withWatermark = groups.withWatermark(watermarkDelay.isPresent());
        }
        return new StatefulStage(
                withWatermark,
                eventTime,
                watermarkDelay,
                StatefulStage.DEFAULT_IDLE_TIMEOUT,
                false,
                after);
    }
}
