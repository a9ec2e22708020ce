package io.sluice.processor.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.processor.RowOperator;
import io.sluice.processor.plan.PipelinePlan;
import io.sluice.processor.plan.SinkPlan;
import io.sluice.processor.plan.StatefulStage;
import io.sluice.processor.plan.StatefulStage.EventTime;
import io.sluice.processor.window.EventRow;
import io.sluice.processor.window.WindowedAggregation;
import io.sluice.serdes.DecodeResult;
import io.sluice.serdes.RowDecoder;
import io.sluice.serdes.RowEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.generic.GenericRecord;

/**
 * A reference run drives a compiled plan with an aggregation over JSON inputs, without a broker:
 * decode with the source's decoder, the steps before the aggregation, the aggregation's in-memory
 * reference ({@link WindowedAggregation}), the steps after it, and the sink's encoder.
 */
final class ReferenceRun {

    private ReferenceRun() {}

    /** The rows the sink receives, encoded as text, when {@code inputs} arrive in one batch. */
    static List<String> oneBatch(PipelinePlan plan, List<String> inputs) {
        RowEncoder encoder = ((SinkPlan.Kafka) plan.sink()).encoders().get();
        List<String> written = new ArrayList<>();
        for (GenericRecord row : rows(plan, inputs)) {
            written.add(new String(encoder.encode(row), StandardCharsets.UTF_8));
        }
        return written;
    }

    /** The rows the sink receives when {@code inputs} arrive in one batch. */
    static List<GenericRecord> rows(PipelinePlan plan, List<String> inputs) {
        StatefulStage stage = plan.stateful().orElseThrow();
        WindowedAggregation aggregation =
                new WindowedAggregation(stage.aggregation().orElseThrow(), stage.watermarkDelay());
        List<EventRow> rows = new ArrayList<>();
        RowDecoder decoder = plan.source().decoders().get();
        for (String input : inputs) {
            DecodeResult result = decoder.decode(input.getBytes(StandardCharsets.UTF_8));
            assertThat(result).isInstanceOf(DecodeResult.Decoded.class);
            GenericRecord source = ((DecodeResult.Decoded) result).row();
            long eventTimeMs = eventTimeMs(stage.eventTime(), source);
            for (GenericRecord row : apply(plan.operators(), List.of(source))) {
                rows.add(new EventRow(row, eventTimeMs));
            }
        }
        return apply(stage.after(), aggregation.process(rows).rows());
    }

    private static long eventTimeMs(EventTime eventTime, GenericRecord source) {
        if (eventTime instanceof EventTime.SourceField field) {
            return (Long) source.get(field.position());
        }
        throw new IllegalArgumentException("a reference run needs an event-time field");
    }

    private static List<GenericRecord> apply(List<RowOperator> operators, List<GenericRecord> in) {
        List<GenericRecord> rows = in;
        for (RowOperator operator : operators) {
            List<GenericRecord> next = new ArrayList<>();
            for (GenericRecord row : rows) {
                operator.process(row, next::add);
            }
            rows = next;
        }
        return rows;
    }
}
