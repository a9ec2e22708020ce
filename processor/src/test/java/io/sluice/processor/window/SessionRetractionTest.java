package io.sluice.processor.window;

import static io.sluice.processor.window.Plans.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.processor.plan.OutputMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

/**
 * Session windows in update mode that retract the rows of the sessions a merge replaces, as Kafka
 * Streams does: each retraction comes before the merged session's row.
 */
class SessionRetractionTest {

    @Test
    void shouldRetractBothSessionsBeforeTheMergedRowWhenARecordBridgesThem() {
        WindowedAggregation sessions = sessions(true);
        BatchResult first =
                sessions.process(List.of(event("a", "00:00", "x"), event("a", "00:10", "y")));

        BatchResult second = sessions.process(List.of(event("a", "00:05", "z")));

        assertThat(text(first.rows())).containsExactly("a,00:00,00:05,1", "a,00:10,00:15,1");
        assertThat(text(second.rows()))
                .containsExactly(
                        "retract a,00:00,00:05,1", "retract a,00:10,00:15,1", "a,00:00,00:15,3");
    }

    @Test
    void shouldRetractTheOldBoundsWhenASessionGrows() {
        WindowedAggregation sessions = sessions(true);
        sessions.process(List.of(event("a", "00:00", "x")));

        BatchResult grown = sessions.process(List.of(event("a", "00:03", "y")));
        BatchResult inside = sessions.process(List.of(event("a", "00:04", "z")));

        assertThat(text(grown.rows()))
                .containsExactly("retract a,00:00,00:05,1", "a,00:00,00:08,2");
        assertThat(text(inside.rows()))
                .containsExactly("retract a,00:00,00:08,2", "a,00:00,00:09,3");
    }

    @Test
    void shouldRetractNothingWhenSessionsOnlyMergeWithinTheBatch() {
        WindowedAggregation sessions = sessions(true);

        BatchResult result =
                sessions.process(
                        List.of(
                                event("a", "00:00", "x"),
                                event("a", "00:10", "y"),
                                event("a", "00:05", "z")));

        assertThat(text(result.rows())).containsExactly("a,00:00,00:15,3");
    }

    @Test
    void shouldEmitTheMergedRowAloneWhenRetractionIsOff() {
        WindowedAggregation sessions = sessions(false);
        sessions.process(List.of(event("a", "00:00", "x"), event("a", "00:10", "y")));

        BatchResult second = sessions.process(List.of(event("a", "00:05", "z")));

        assertThat(text(second.rows())).containsExactly("a,00:00,00:15,3");
    }

    @Test
    void shouldRefuseRetractionWhenTheOutputModeIsAppend() {
        AggregationPlan plan =
                Plans.plan(
                        Plans.EVENT,
                        new WindowSpec.Session(Duration.ofMinutes(5)),
                        List.of("Id"),
                        OutputMode.APPEND,
                        "Count",
                        "count(*)");

        assertThatThrownBy(() -> plan.withRetractMerged(true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("session windows in update mode only");
    }

    private static WindowedAggregation sessions(boolean retract) {
        AggregationPlan plan =
                Plans.plan(
                                Plans.EVENT,
                                new WindowSpec.Session(Duration.ofMinutes(5)),
                                List.of("Id"),
                                OutputMode.UPDATE,
                                "Count",
                                "count(*)")
                        .withRetractMerged(retract);
        return new WindowedAggregation(plan, Optional.of(Duration.ofHours(1)));
    }

    /** The rows as text, a retraction prefixed with "retract ", in the order emitted. */
    private static List<String> text(List<GenericRecord> rows) {
        List<String> lines = new ArrayList<>();
        for (GenericRecord row : rows) {
            lines.add((row instanceof Retraction ? "retract " : "") + Plans.text(row));
        }
        return lines;
    }
}
