package io.sluice.processor.engine;

import io.sluice.processor.RowCollector;
import io.sluice.processor.RowOperator;
import io.sluice.processor.plan.ErrorHandling;
import io.sluice.processor.plan.PipelinePlan;
import io.sluice.processor.plan.SinkPlan;
import io.sluice.processor.plan.SourcePlan;
import io.sluice.processor.plan.Trigger;
import io.sluice.serdes.CodecException;
import io.sluice.serdes.DecodeResult;
import io.sluice.serdes.RowDecoder;
import io.sluice.serdes.RowEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * A small pipeline built in code, so engine tests do not depend on the pipeline-file compiler: text
 * values; "poison*" fails to decode, "skip*" is filtered, "bad-encode*" fails to encode, everything
 * else is upper-cased.
 */
final class TestPipelines {
    static final Schema SCHEMA =
            SchemaBuilder.record("Text").fields().requiredString("value").endRecord();

    private TestPipelines() {}

    static PipelinePlan upperCase(
            String name, String input, String output, Trigger trigger, int maxRecords) {
        SourcePlan source =
                new SourcePlan(
                        List.of(input),
                        "text",
                        SCHEMA,
                        TextDecoder::new,
                        SourcePlan.StartingOffsets.EARLIEST);
        SinkPlan sink =
                new SinkPlan.Kafka(
                        output, "text", SCHEMA, TextEncoder::new, null, Map.of(), true, true);
        return new PipelinePlan(
                name,
                source,
                List.of(new SkipFilter(), new UpperCase()),
                sink,
                trigger,
                ErrorHandling.defaults(),
                maxRecords);
    }

    private static final class TextDecoder implements RowDecoder {
        @Override
        public DecodeResult decode(byte[] bytes) {
            String text = new String(bytes, StandardCharsets.UTF_8);
            if (text.startsWith("poison")) {
                return new DecodeResult.DecodeError("not a value: " + text, "value", 0);
            }
            GenericRecord row = new GenericData.Record(SCHEMA);
            row.put(0, text);
            return new DecodeResult.Decoded(row);
        }
    }

    private static final class TextEncoder implements RowEncoder {
        @Override
        public byte[] encode(GenericRecord row) {
            String value = (String) row.get(0);
            if (value.startsWith("BAD-ENCODE")) {
                throw new CodecException("cannot encode " + value, "value");
            }
            return value.getBytes(StandardCharsets.UTF_8);
        }
    }

    private static final class SkipFilter implements RowOperator {
        @Override
        public Schema outputSchema() {
            return SCHEMA;
        }

        @Override
        public void process(GenericRecord row, RowCollector out) {
            if (!((String) row.get(0)).startsWith("skip")) {
                out.collect(row);
            }
        }
    }

    private static final class UpperCase implements RowOperator {
        @Override
        public Schema outputSchema() {
            return SCHEMA;
        }

        @Override
        public void process(GenericRecord row, RowCollector out) {
            GenericRecord upper = new GenericData.Record(SCHEMA);
            upper.put(0, ((String) row.get(0)).toUpperCase(Locale.ROOT));
            out.collect(upper);
        }
    }
}
