package io.sluice.processor.plan;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;

/**
 * A source outside Kafka that an ingester copies into the pipeline's ingest topic ({@link
 * InternalTopics#ingest}), which the pipeline then reads as its Kafka source: files of a directory,
 * a rate of generated rows, or the lines of a TCP socket.
 */
public sealed interface IngestPlan {

    /** The partitions of the ingest topic when the engine creates it. */
    int partitions();

    /** What the pipeline plan prints for this source, such as "files *.jsonl in /data/in". */
    String describe();

    /**
     * New files of a directory, each taken whole, once, in name order.
     *
     * @param directory the directory watched (absolute)
     * @param pattern a glob on file names, such as {@code *.jsonl}
     * @param partitions the partitions of the ingest topic
     */
    record Files(Path directory, String pattern, int partitions) implements IngestPlan {
        /** The default file name pattern: every file. */
        public static final String ALL_FILES = "*";

        public Files {
            Objects.requireNonNull(directory, "directory");
            Objects.requireNonNull(pattern, "pattern");
            if (partitions < 1) {
                throw new IllegalArgumentException("partitions must be >= 1, got " + partitions);
            }
        }

        @Override
        public String describe() {
            return "files " + pattern + " in " + directory;
        }
    }

    /**
     * Generated rows {@code (timestamp, value)} at a fixed rate, as Spark's rate source.
     *
     * @param rowsPerSecond the rate once ramped up
     * @param rampUpTime how long the rate takes to grow from 0 to {@code rowsPerSecond}
     */
    record Rate(long rowsPerSecond, Duration rampUpTime) implements IngestPlan {
        public Rate {
            if (rowsPerSecond < 1) {
                throw new IllegalArgumentException(
                        "rowsPerSecond must be >= 1, got " + rowsPerSecond);
            }
            Objects.requireNonNull(rampUpTime, "rampUpTime");
        }

        /** The rows' schema: {@code timestamp} (timestamp-millis) and {@code value} (long). */
        public static Schema schema() {
            Schema timestamp =
                    LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG));
            return SchemaBuilder.record("RateRow")
                    .namespace("io.sluice.source")
                    .fields()
                    .name("timestamp")
                    .type(timestamp)
                    .noDefault()
                    .requiredLong("value")
                    .endRecord();
        }

        @Override
        public int partitions() {
            return 1;
        }

        @Override
        public String describe() {
            return "rate " + rowsPerSecond + " rows/s";
        }
    }

    /**
     * The text lines a TCP server sends, as Spark's socket source.
     *
     * @param host the server's host
     * @param port the server's port
     * @param lineAsValue whether each line becomes a row of one string column {@code value} (no
     *     format given); otherwise a line is a record in the source's format
     */
    record Socket(String host, int port, boolean lineAsValue) implements IngestPlan {
        public Socket {
            Objects.requireNonNull(host, "host");
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port must be 1-65535, got " + port);
            }
        }

        /** The rows' schema when lines are values: one string column {@code value}. */
        public static Schema lineSchema() {
            return SchemaBuilder.record("SocketLine")
                    .namespace("io.sluice.source")
                    .fields()
                    .requiredString("value")
                    .endRecord();
        }

        @Override
        public int partitions() {
            return 1;
        }

        @Override
        public String describe() {
            return "socket " + host + ":" + port;
        }
    }
}
