package io.sluice.processor.window;

import static io.sluice.processor.window.Plans.at;
import static io.sluice.processor.window.Plans.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.processor.expr.EvaluationException;
import io.sluice.processor.plan.OutputMode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PartialAggregationTest {
    private static final WindowSpec SLIDING =
            new WindowSpec.Sliding(Duration.ofMinutes(10), Duration.ofMinutes(5));

    @Test
    void shouldAdmitRecordWhenAllItsWindowsEndAfterTheWatermark() {
        PartialAggregation batch = aggregator(SLIDING, OutputMode.UPDATE).newBatch(at("00:09"));

        Admission admission = add(batch, event("a", "00:12", "x"));

        assertThat(admission).isEqualTo(Admission.ON_TIME);
        assertThat(batch.windowKeys())
                .containsExactly(
                        new WindowKey(GroupKey.of("x"), at("00:05")),
                        new WindowKey(GroupKey.of("x"), at("00:10")));
    }

    @Test
    void shouldBePartlyLateWhenOneWindowEndsAtTheWatermark() {
        PartialAggregation batch = aggregator(SLIDING, OutputMode.UPDATE).newBatch(at("00:15"));

        Admission admission = add(batch, event("a", "00:12", "x"));

        assertThat(admission).isEqualTo(Admission.PARTLY_LATE);
        assertThat(batch.windowKeys())
                .containsExactly(new WindowKey(GroupKey.of("x"), at("00:10")));
    }

    @Test
    void shouldBeLateAndTouchNothingWhenEveryWindowEndedByTheWatermark() {
        PartialAggregation batch = aggregator(SLIDING, OutputMode.APPEND).newBatch(at("00:20"));

        Admission admission = add(batch, event("a", "00:12", "x"));

        assertThat(admission).isEqualTo(Admission.LATE);
        assertThat(batch.isEmpty()).isTrue();
    }

    @Test
    void shouldNeverBeLateWhenCompleteMode() {
        PartialAggregation batch = aggregator(SLIDING, OutputMode.COMPLETE).newBatch(at("05:00"));

        Admission admission = add(batch, event("a", "00:12", "x"));

        assertThat(admission).isEqualTo(Admission.ON_TIME);
    }

    @Test
    void shouldChangeNothingWhenAnArgumentCannotBeEvaluated() {
        WindowAggregator aggregator =
                new WindowAggregator(
                        Plans.plan(
                                Plans.EVENT,
                                SLIDING,
                                List.of("Action"),
                                OutputMode.UPDATE,
                                "Count",
                                "count(*)",
                                "Bad",
                                "sum(1 / (length(Id) - 1))"));
        PartialAggregation batch = aggregator.newBatch(Long.MIN_VALUE);

        assertThatThrownBy(() -> add(batch, event("a", "00:12", "x")))
                .isInstanceOf(EvaluationException.class);

        assertThat(batch.isEmpty()).isTrue();
        assertThat(add(batch, event("ab", "00:12", "x"))).isEqualTo(Admission.ON_TIME);
    }

    @Test
    void shouldListGroupsInOrderOfFirstAppearanceWhenSeveralArrive() {
        PartialAggregation batch = aggregator(SLIDING, OutputMode.UPDATE).newBatch(Long.MIN_VALUE);

        add(batch, event("a", "00:12", "y"));
        add(batch, event("b", "00:13", "x"));
        add(batch, event("c", "00:14", "y"));

        assertThat(batch.groups()).containsExactly(GroupKey.of("y"), GroupKey.of("x"));
    }

    @Test
    void shouldAddRecordToItsOnePaneWhenSlidingWindowsAreKeptAsPanes() {
        WindowAggregator aggregator =
                new WindowAggregator(
                        Plans.plan(
                                Plans.EVENT,
                                new WindowSpec.Sliding(
                                        Duration.ofMinutes(10), Duration.ofMinutes(4)),
                                List.of("Action"),
                                OutputMode.UPDATE,
                                "Count",
                                "count(*)"));
        PartialAggregation batch = aggregator.newBatch(at("00:12"));

        Admission partlyLate = add(batch, event("a", "00:09", "x"));
        Admission onTime = add(batch, event("b", "00:13", "x"));

        WindowSlots panes = batch.slots().get(GroupKey.of("x"));
        assertThat(aggregator.usesPanes()).isTrue();
        assertThat(List.of(partlyLate, onTime))
                .containsExactly(Admission.PARTLY_LATE, Admission.ON_TIME);
        assertThat(List.of(panes.start(0), panes.end(0), panes.start(1), panes.end(1)))
                .containsExactly(at("00:08"), at("00:10"), at("00:12"), at("00:14"));
        assertThat(batch.windowKeys()).isEmpty();
    }

    private static Admission add(PartialAggregation batch, EventRow event) {
        return batch.add(event.row(), event.eventTimeMs());
    }

    private static WindowAggregator aggregator(WindowSpec spec, OutputMode mode) {
        return WindowAggregator.perWindow(
                Plans.plan(Plans.EVENT, spec, List.of("Action"), mode, "Count", "count(*)"));
    }
}
