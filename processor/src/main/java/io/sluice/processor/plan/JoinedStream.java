package io.sluice.processor.plan;

import io.sluice.processor.RowOperator;
import io.sluice.processor.plan.StatefulStage.EventTime;
import io.sluice.serdes.RowDecoder;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.apache.avro.Schema;

/**
 * The second stream of a stream-stream join: its topics, how its records decode, where their event
 * time comes from, and the steps that turn its rows into the join's input rows.
 *
 * @param topics the topics, read with the pipeline's source in the same batches
 * @param format the format's name, for plans
 * @param schema the schema of decoded rows
 * @param decoders makes a decoder per thread
 * @param eventTime where a row's event time comes from (a field of this schema, or the record's
 *     timestamp)
 * @param operators the steps from a decoded row to the join's input row
 */
public record JoinedStream(
        List<String> topics,
        String format,
        Schema schema,
        Supplier<RowDecoder> decoders,
        EventTime eventTime,
        List<RowOperator> operators) {

    public JoinedStream {
        topics = List.copyOf(topics);
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(decoders, "decoders");
        Objects.requireNonNull(eventTime, "eventTime");
        operators = List.copyOf(operators);
    }
}
