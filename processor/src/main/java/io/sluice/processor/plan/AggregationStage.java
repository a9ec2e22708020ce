package io.sluice.processor.plan;

import io.sluice.processor.RowOperator;
import io.sluice.processor.window.AggregationPlan;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The stateful part of a pipeline: a windowed aggregation over the rows the stateless steps before
 * it emit, with its event time and watermark, and the stateless steps applied to its result rows.
 *
 * @param aggregation the compiled window, group-by columns, aggregates and output mode
 * @param eventTime where a record's event time comes from
 * @param watermarkDelay how late event time may be; empty for no watermark (then nothing is late
 *     and nothing closes: only update and complete modes make sense)
 * @param idleTimeout how long a partition may deliver nothing before it stops holding the watermark
 *     back
 * @param after the stateless steps over the aggregation's result rows, in order
 */
public record AggregationStage(
        AggregationPlan aggregation,
        EventTime eventTime,
        Optional<Duration> watermarkDelay,
        Duration idleTimeout,
        List<RowOperator> after) {

    /** The default idle timeout of a partition. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(1);

    public AggregationStage {
        Objects.requireNonNull(aggregation, "aggregation");
        Objects.requireNonNull(eventTime, "eventTime");
        Objects.requireNonNull(watermarkDelay, "watermarkDelay");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        after = List.copyOf(after);
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
