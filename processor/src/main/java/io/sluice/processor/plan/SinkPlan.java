package io.sluice.processor.plan;

import io.sluice.serdes.RowEncoder;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/** Where a pipeline's rows go. */
public sealed interface SinkPlan {

    /**
     * Whether the sink sees batch ids, so each id must cover the same offset ranges across crashes
     * (the engine then records each batch's plan before it runs).
     */
    default boolean seesBatchIds() {
        return this instanceof ForeachBatch || this instanceof Files || this instanceof Foreach;
    }

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

    /**
     * A directory of files: one file per batch and input partition, made visible by a manifest
     * entry once the batch's transaction commits (see {@link FileSinkManifest}).
     *
     * @param directory the sink directory
     * @param format the format's name: json or csv
     * @param extension the files' extension, without the dot
     * @param schema the schema of the rows written
     * @param encoders makes an encoder of one row per line
     * @param firstRowEncoders makes an encoder of a file's first row: with a header line for CSV
     */
    record Files(
            Path directory,
            String format,
            String extension,
            Schema schema,
            Supplier<RowEncoder> encoders,
            Supplier<RowEncoder> firstRowEncoders)
            implements SinkPlan {
        public Files {
            Objects.requireNonNull(directory, "directory");
            Objects.requireNonNull(format, "format");
            Objects.requireNonNull(extension, "extension");
            Objects.requireNonNull(schema, "schema");
            Objects.requireNonNull(encoders, "encoders");
            Objects.requireNonNull(firstRowEncoders, "firstRowEncoders");
        }
    }

    /** An in-process table that gets each batch's rows once the batch committed. */
    record Memory(MemoryTable table) implements SinkPlan {
        public Memory {
            Objects.requireNonNull(table, "table");
        }
    }

    /** A Java writer called for each row of a batch, per input partition, before the commit. */
    record Foreach(ForeachWriter writer) implements SinkPlan {
        public Foreach {
            Objects.requireNonNull(writer, "writer");
        }
    }
}
