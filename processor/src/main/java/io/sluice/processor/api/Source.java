package io.sluice.processor.api;

import io.sluice.processor.plan.SourcePlan.StartingOffsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.Schema;

/**
 * What a pipeline reads: topics, a format and the schema of the rows, as a pipeline file's {@code
 * source}. Event time and the watermark are set on the pipeline ({@link
 * PipelineBuilder#withWatermark}).
 *
 * <pre>{@code
 * Source.topic("invoices").format("json").schema(invoiceSchema)
 * }</pre>
 */
public final class Source {
    /** The text that stands for a schema given as an object. */
    static final String GIVEN_SCHEMA = "java:source.schema";

    private final Map<String, Object> section = new LinkedHashMap<>();
    private final Map<String, String> options = new LinkedHashMap<>();
    private Schema schema;

    private Source() {}

    /** Reads one topic. */
    public static Source topic(String topic) {
        Source source = new Source();
        source.section.put("topic", Objects.requireNonNull(topic, "topic"));
        return source;
    }

    /** Reads several topics. */
    public static Source topics(String... topics) {
        Source source = new Source();
        source.section.put("topics", List.copyOf(Arrays.asList(topics)));
        return source;
    }

    /**
     * Reads the files that appear in {@code directory} (relative to the working directory), each
     * once and whole, in name order: lines of JSON or CSV in the {@link #format}, with a {@link
     * #schema}. Move finished files in; names starting with '.' or '_' are skipped. Exactly once
     * across crashes (see the file source in docs/pipeline-file.md).
     */
    public static Source files(Path directory) {
        Source source = new Source();
        source.section.put("file", directory.toString());
        return source;
    }

    /** The files a {@link #files} source takes: a glob on names, such as {@code *.jsonl}. */
    public Source pattern(String glob) {
        section.put("pattern", Objects.requireNonNull(glob, "glob"));
        return this;
    }

    /**
     * Generates rows {@code (timestamp, value)} at {@code rowsPerSecond}, as Spark's rate source:
     * {@code timestamp} is a timestamp-millis event time, {@code value} a long counting from 0 that
     * a restart continues. No format or schema.
     */
    public static Source rate(long rowsPerSecond) {
        Source source = new Source();
        Map<String, Object> rate = new LinkedHashMap<>();
        rate.put("rowsPerSecond", rowsPerSecond);
        source.section.put("rate", rate);
        return source;
    }

    /**
     * Reads the text lines a TCP server at {@code host}:{@code port} sends, as Spark's {@code
     * socketTextStream}: each line a row with one string column {@code value}, or a record in the
     * {@link #format} when one is set. For demos and tests: lines received but not yet written to
     * Kafka are lost if the process dies.
     */
    public static Source socket(String host, int port) {
        Source source = new Source();
        Map<String, Object> socket = new LinkedHashMap<>();
        socket.put("host", Objects.requireNonNull(host, "host"));
        socket.put("port", port);
        source.section.put("socket", socket);
        return source;
    }

    /** The format: json, csv, avro, avro-single-object or avro-confluent. */
    public Source format(String format) {
        section.put("format", Objects.requireNonNull(format, "format"));
        return this;
    }

    /** The schema of the rows, a record schema; for avro, the reader schema. */
    public Source schema(Schema schema) {
        this.schema = Objects.requireNonNull(schema, "schema");
        section.put("schema", GIVEN_SCHEMA);
        return this;
    }

    /** The schema of the rows from an .avsc file, relative to the working directory. */
    public Source schema(Path avscFile) {
        this.schema = null;
        section.put("schema", avscFile.toString());
        return this;
    }

    /** An option of the format, such as {@code timestampFormat}. */
    public Source option(String key, String value) {
        options.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
        return this;
    }

    /** Where partitions the pipeline never committed start; default earliest. */
    public Source startingOffsets(StartingOffsets startingOffsets) {
        section.put("startingOffsets", startingOffsets.name().toLowerCase());
        return this;
    }

    /**
     * Reads the topic as a table (each record key's latest row, a tombstone deleting it), for a
     * table-table join: {@code join(Table.topic("accounts")..., Join.on("CardNo").full())}.
     */
    public Source asTable() {
        section.put("table", true);
        return this;
    }

    /** The source columns the producer keyed the records by. */
    public Source partitionedBy(String... columns) {
        section.put("partitionedBy", List.copyOf(Arrays.asList(columns)));
        return this;
    }

    /**
     * Event time from {@code field} and a watermark trailing it by {@code delay}: for a stream a
     * pipeline joins (the pipeline's own source takes them from {@link
     * PipelineBuilder#withWatermark}).
     */
    public Source withWatermark(String field, Duration delay) {
        section.put("timestamp", Objects.requireNonNull(field, "field"));
        section.put("watermark", FileValues.duration(delay));
        return this;
    }

    /** The {@code source} section; a schema object goes to {@code givenSchemas}. */
    Map<String, Object> section(Map<String, Schema> givenSchemas) {
        return section(GIVEN_SCHEMA, givenSchemas);
    }

    /** The section; a schema object goes to {@code givenSchemas} under {@code name}. */
    Map<String, Object> section(String name, Map<String, Schema> givenSchemas) {
        Map<String, Object> copy = new LinkedHashMap<>(section);
        if (!options.isEmpty()) {
            copy.put("options", new LinkedHashMap<>(options));
        }
        if (schema != null) {
            givenSchemas.put(name, schema);
            copy.put("schema", name);
        }
        return copy;
    }

    /** The topics read, as the section names them: under {@code topic} or {@code topics}. */
    Map<String, Object> topics() {
        Map<String, Object> topics = new LinkedHashMap<>();
        for (String key : List.of("topic", "topics")) {
            if (section.containsKey(key)) {
                topics.put(key, section.get(key));
            }
        }
        return topics;
    }
}
