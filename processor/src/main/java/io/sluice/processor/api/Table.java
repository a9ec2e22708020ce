package io.sluice.processor.api;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.Schema;

/**
 * A table a pipeline joins (see {@link PipelineBuilder#join}): a compacted Kafka topic, each record
 * key's latest value, or a file of reference data read at start.
 *
 * <pre>{@code
 * Table.topic("customers").format("json").schema(customerSchema)
 * Table.file(Path.of("stores.csv")).format("csv").option("header", "true").schema(storeSchema)
 * }</pre>
 */
public final class Table {
    private final String kind; // "table" or "file"
    private final Map<String, Object> section = new LinkedHashMap<>();
    private final Map<String, String> options = new LinkedHashMap<>();
    private Schema schema;

    private Table(String kind) {
        this.kind = kind;
    }

    /** The compacted topic {@code topic}, keyed by UTF-8 text, read to its end before joining. */
    public static Table topic(String topic) {
        Table table = new Table("table");
        table.section.put("topic", Objects.requireNonNull(topic, "topic"));
        return table;
    }

    /** The JSON-lines or CSV file {@code path}, read once at start. */
    public static Table file(Path path) {
        Table table = new Table("file");
        table.section.put("path", Objects.requireNonNull(path, "path").toString());
        return table;
    }

    /** The format of values (a topic) or lines (a file): json or csv; avro too for a topic. */
    public Table format(String format) {
        section.put("format", Objects.requireNonNull(format, "format"));
        return this;
    }

    /** The schema of the table's rows, a record schema. */
    public Table schema(Schema schema) {
        this.schema = Objects.requireNonNull(schema, "schema");
        return this;
    }

    /** An option of the format, such as {@code header} for CSV. */
    public Table option(String key, String value) {
        options.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
        return this;
    }

    /**
     * Whether the first batch waits until the topic is read to its end, and each later batch until
     * the records committed before it are read; default true.
     */
    public Table bootstrap(boolean bootstrap) {
        section.put("bootstrap", bootstrap);
        return this;
    }

    /** Keeps versions for {@code history}, for lookups at a row's event time ({@link Join#at}). */
    public Table history(Duration history) {
        section.put("history", FileValues.duration(history));
        return this;
    }

    /**
     * The column that holds the key: a file's (default the join's {@code on} column), or a topic's
     * value column that keys the table instead of the record key.
     */
    public Table key(String column) {
        section.put("key", Objects.requireNonNull(column, "column"));
        return this;
    }

    /** {@code table} or {@code file}: the join step's key for this table. */
    String kind() {
        return kind;
    }

    /** The table's section; a schema object goes to {@code givenSchemas} under {@code name}. */
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
}
