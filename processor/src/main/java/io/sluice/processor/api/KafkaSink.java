package io.sluice.processor.api;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.Schema;

/**
 * A sink that writes to a Kafka topic: {@code Sink.topic("notifications").format("json")
 * .key("CustomerCardNo")}.
 */
public final class KafkaSink extends Sink {
    /** The text that stands for a schema given as an object. */
    static final String GIVEN_SCHEMA = "java:sink.schema";

    private final Map<String, Object> section = new LinkedHashMap<>();
    private final Map<String, String> options = new LinkedHashMap<>();
    private final Map<String, String> headers = new LinkedHashMap<>();
    private Boolean passHeaders;
    private Schema schema;

    KafkaSink(String topic) {
        section.put("topic", Objects.requireNonNull(topic, "topic"));
    }

    /** The format: json, csv, avro, avro-single-object or avro-confluent. */
    public KafkaSink format(String format) {
        section.put("format", Objects.requireNonNull(format, "format"));
        return this;
    }

    /**
     * The schema of the rows written; the steps' rows are converted to it. Omitted: the schema of
     * the last step's rows.
     */
    public KafkaSink schema(Schema schema) {
        this.schema = Objects.requireNonNull(schema, "schema");
        section.put("schema", GIVEN_SCHEMA);
        return this;
    }

    /** The schema of the rows written, from an .avsc file relative to the working directory. */
    public KafkaSink schema(Path avscFile) {
        this.schema = null;
        section.put("schema", avscFile.toString());
        return this;
    }

    /** An option of the format. */
    public KafkaSink option(String key, String value) {
        options.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
        return this;
    }

    /** A SQL expression over the rows written that gives each record's key. */
    public KafkaSink key(String expression) {
        section.put("key", Objects.requireNonNull(expression, "expression"));
        return this;
    }

    /** Whether the input record's headers are copied; default true. */
    public KafkaSink passHeaders(boolean pass) {
        this.passHeaders = pass;
        return this;
    }

    /** A header with a fixed value on every record. */
    public KafkaSink header(String name, String value) {
        headers.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
        return this;
    }

    /** Whether a missing topic is created; default true. */
    public KafkaSink createTopic(boolean create) {
        section.put("createTopic", create);
        return this;
    }

    @Override
    Map<String, Object> section(Map<String, Schema> givenSchemas) {
        Map<String, Object> copy = new LinkedHashMap<>(section);
        if (!options.isEmpty()) {
            copy.put("options", new LinkedHashMap<>(options));
        }
        if (passHeaders != null || !headers.isEmpty()) {
            Map<String, Object> headerSection = new LinkedHashMap<>();
            if (passHeaders != null) {
                headerSection.put("pass", passHeaders);
            }
            if (!headers.isEmpty()) {
                headerSection.put("set", new LinkedHashMap<>(headers));
            }
            copy.put("headers", headerSection);
        }
        if (schema != null) {
            givenSchemas.put(GIVEN_SCHEMA, schema);
        }
        return copy;
    }
}
