package io.sluice.processor.plan;

import io.sluice.serdes.RowEncoder;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/** Where a pipeline's rows go. */
public sealed interface SinkPlan {

    /**
     * A Kafka topic, written inside each batch's transaction.
     *
     * @param topic the output topic
     * @param format the format's name, for plans and logs
     * @param schema the schema of the rows written
     * @param encoders makes an encoder for each thread that encodes
     * @param key computes the record key from the output row; null keeps the input record's key
     * @param headers headers to set on every output record (added after the input's headers)
     * @param passHeaders whether the input record's headers are copied to the output
     * @param createTopic whether a missing topic is created (partitions like the source)
     */
    record Kafka(
            String topic,
            String format,
            Schema schema,
            Supplier<RowEncoder> encoders,
            Function<GenericRecord, Object> key,
            Map<String, String> headers,
            boolean passHeaders,
            boolean createTopic)
            implements SinkPlan {
        public Kafka {
            Objects.requireNonNull(topic, "topic");
            Objects.requireNonNull(format, "format");
            Objects.requireNonNull(schema, "schema");
            Objects.requireNonNull(encoders, "encoders");
            headers = Map.copyOf(headers);
        }
    }

    /** The console: prints up to {@code maxRows} rows of each batch, like Spark's pprint. */
    record Console(int maxRows) implements SinkPlan {}

    /** A Java function that gets each batch's rows and sends what it likes in its transaction. */
    record ForeachBatch(ForeachBatchFunction function) implements SinkPlan {
        public ForeachBatch {
            Objects.requireNonNull(function, "function");
        }
    }
}
