package io.sluice.processor.window;

import static io.sluice.processor.window.Plans.event;
import static io.sluice.processor.window.Plans.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.processor.aggregate.AggregateSpec;
import io.sluice.processor.expr.ExpressionCompiler;
import io.sluice.processor.plan.OutputMode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * An aggregation without a window that groups by the watermarked event-time column: Structured
 * Streaming's {@code groupBy(eventTime)}, whose groups the watermark closes once it reaches their
 * time.
 */
class EventTimeGroupTest {

    @Test
    void shouldEmitEachGroupOnceWhenTheWatermarkReachesItsTimeInAppendMode() {
        WindowedAggregation aggregation = perMinute(OutputMode.APPEND);

        BatchResult first =
                aggregation.process(
                        List.of(
                                event("a", "00:01", "x"),
                                event("b", "00:01", "x"),
                                event("c", "00:04", "x")));
        // the watermark becomes 00:06 - 5m = 00:01: the 00:01 group is final (time <= watermark)
        BatchResult second =
                aggregation.process(List.of(event("d", "00:06", "x"), event("e", "00:04", "x")));
        EventRow late = event("f", "00:01", "x");
        BatchResult third = aggregation.process(List.of(late, event("g", "00:09", "x")));

        assertThat(first.rows()).isEmpty();
        assertThat(text(second.rows())).containsExactly("00:01,x,2");
        assertThat(third.late()).containsExactly(new LateRecord(late, Admission.LATE));
        assertThat(text(third.rows())).containsExactly("00:04,x,2");
        assertThat(aggregation.stateSize()).isEqualTo(2);
    }

    @Test
    void shouldEmitChangedGroupsAndDropTheClosedOnesWhenUpdateMode() {
        WindowedAggregation aggregation = perMinute(OutputMode.UPDATE);

        BatchResult first =
                aggregation.process(List.of(event("a", "00:01", "x"), event("b", "00:07", "x")));
        EventRow late = event("c", "00:02", "x");
        BatchResult second = aggregation.process(List.of(late, event("d", "00:07", "x")));

        assertThat(text(first.rows())).containsExactly("00:01,x,1", "00:07,x,1");
        assertThat(second.late()).containsExactly(new LateRecord(late, Admission.LATE));
        assertThat(text(second.rows())).containsExactly("00:07,x,2");
        assertThat(aggregation.stateSize()).isEqualTo(1);
    }

    @Test
    void shouldCloseNoGroupWhenTheGroupIsComputedFromTheEventTime() {
        AggregationPlan plan =
                new AggregationPlan(
                        "Result",
                        new WindowSpec.Global(),
                        List.of(
                                new GroupColumn(
                                        "Time",
                                        ExpressionCompiler.compile(
                                                "CAST(Time AS DATE)", Plans.EVENT))),
                        AggregateSpec.compile(Map.of("N", "count(*)"), Plans.EVENT),
                        OutputMode.UPDATE,
                        Optional.of("Time"));

        assertThat(plan.eventTimeGroup()).isEmpty();
    }

    @Test
    void shouldRefuseAppendModeWhenNoGroupIsTheWatermarkedColumn() {
        assertThatThrownBy(() -> plan(OutputMode.APPEND, List.of("Action"), Optional.of("Time")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unless it groups by the watermarked event-time column");
    }

    private static WindowedAggregation perMinute(OutputMode mode) {
        AggregationPlan plan = plan(mode, List.of("Time", "Action"), Optional.of("Time"));
        return new WindowedAggregation(plan, Optional.of(Duration.ofMinutes(5)));
    }

    private static AggregationPlan plan(
            OutputMode mode, List<String> groupBy, Optional<String> watermarkedColumn) {
        List<GroupColumn> columns =
                groupBy.stream()
                        .map(c -> new GroupColumn(c, ExpressionCompiler.compile(c, Plans.EVENT)))
                        .toList();
        return new AggregationPlan(
                "Result",
                new WindowSpec.Global(),
                columns,
                AggregateSpec.compile(Map.of("Count", "count(*)"), Plans.EVENT),
                mode,
                watermarkedColumn);
    }
}
