package io.sluice.processor.plan;

import io.sluice.processor.RowOperator;
import io.sluice.processor.stateful.RunningOperator;
import io.sluice.processor.stateful.StatefulOperator;
import io.sluice.processor.stateful.WindowOperator;
import io.sluice.processor.window.AggregationPlan;
import io.sluice.processor.window.WatermarkPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The stateful part of a pipeline: a stateful operator (a windowed aggregation, a deduplication, a
 * group-state function) over the rows the stateless steps before it emit, with its event time and
 * watermark, and the stateless steps applied to its result rows.
 *
 * @param operator what it does per task
 * @param eventTime where a record's event time comes from
 * @param watermarkDelay how late event time may be; empty for no watermark (then nothing is late
 *     and nothing closes: only update and complete modes make sense)
 * @param idleTimeout how long a partition may deliver nothing before it stops holding the watermark
 *     back
 * @param advanceWhenQuiet whether, once a task's partitions are all idle, its watermark moves on
 *     with the wall clock (off by default, so replays of old data keep Structured Streaming's
 *     results)
 * @param after the stateless steps over the operator's result rows, in order
 */
public record StatefulStage(
        StatefulOperator operator,
        EventTime eventTime,
        Optional<Duration> watermarkDelay,
        Duration idleTimeout,
        boolean advanceWhenQuiet,
        List<RowOperator> after) {

    /** The default idle timeout of a partition. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(1);

    public StatefulStage {
        Objects.requireNonNull(operator, "operator");
        Objects.requireNonNull(eventTime, "eventTime");
        Objects.requireNonNull(watermarkDelay, "watermarkDelay");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        after = List.copyOf(after);
    }

    /** The windowed aggregation it runs, if its operator is one or adds running totals to one. */
    public Optional<AggregationPlan> aggregation() {
        if (operator instanceof RunningOperator running) {
            return Optional.of(running.window().plan());
        }
        return operator instanceof WindowOperator window
                ? Optional.of(window.plan())
                : Optional.empty();
    }

    /** The watermark policy of a task, with the allowed {@code delay}. */
    public WatermarkPolicy watermarkPolicy(Duration delay) {
        WatermarkPolicy policy = WatermarkPolicy.of(delay, idleTimeout);
        return advanceWhenQuiet ? policy.withAdvanceWhenQuiet() : policy;
    }

    /** Where event time comes from. */
    public sealed interface EventTime {
        /** The Kafka record's timestamp. */
        record RecordTimestamp() implements EventTime {}

        /**
         * A long (epoch milliseconds, usually timestamp-millis) field of the decoded source row.
         *
         * @param name the field's name
         * @param position its position in the source schema
         */
        record SourceField(String name, int position) implements EventTime {}
    }
}
