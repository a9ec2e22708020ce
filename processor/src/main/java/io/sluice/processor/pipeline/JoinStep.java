package io.sluice.processor.pipeline;

import io.sluice.processor.join.JoinType;
import io.sluice.processor.join.KafkaTable;
import io.sluice.processor.join.LookupJoin;
import io.sluice.processor.join.TableLookup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;

/**
 * The join step joins each row with a table: a compacted Kafka topic ({@code table}) or a file read
 * at start ({@code file}), on a column of the row.
 *
 * <pre>{@code
 * - join:
 *     table: {topic: customers, format: json, schema: schemas/customer.avsc}
 *     on: CustomerCardNo
 *     type: left
 * }</pre>
 */
final class JoinStep {
    static final String KIND = "join";

    static final List<String> KEYS = List.of("table", "file", "on", "type", "columns", "at");
    static final List<String> TABLE_KEYS =
            List.of("topic", "format", "schema", "options", "bootstrap", "history", "key");
    static final List<String> FILE_KEYS = List.of("path", "format", "schema", "options", "key");

    private static final String EXPECTED =
            "a mapping with table (or file), on and type, such as {table: {topic: customers,"
                    + " format: json, schema: customer.avsc}, on: CustomerCardNo, type: left}";

    private JoinStep() {}

    /** Compiles the step's value {@code node} for rows of {@code input}. */
    static LookupJoin compile(
            YamlNode node, Schema input, String recordName, PipelineResources resources) {
        YamlMapping join = node.mapping(KEYS, EXPECTED);
        if (join.has("table") == join.has("file")) {
            throw join.has("table")
                    ? join.errorAtKey("file", "give table or file, not both; expected one of them")
                    : node.error(
                            "no table or file to join; expected table: {topic, format, schema}"
                                    + " or file: {path, format, schema}");
        }
        YamlNode onNode = join.required("on", "the column of the rows whose value is looked up");
        String on = onNode.text("a column name");
        Schema.Field key = input.getField(on);
        if (key == null) {
            throw onNode.error(SourceSection.unknownColumn(on, input));
        }
        if (!isKeyType(key.schema())) {
            throw onNode.error(
                    "column '"
                            + on
                            + "' is "
                            + TypeNames.of(key.schema())
                            + "; expected a string, int or long column to look up");
        }
        JoinType type = join.optional("type").map(JoinStep::type).orElse(JoinType.INNER);
        TableLookup table;
        String tableKey;
        if (join.has("table")) {
            KafkaTable kafka = table(join.required("table", "a table"), resources);
            table = kafka;
            // keyed by the record key, a value column named as on repeats it; else by its column
            tableKey = kafka.keyColumn().orElse(on);
        } else {
            YamlMapping file =
                    join.required("file", "a file")
                            .mapping(
                                    FILE_KEYS,
                                    "a mapping with path, format and schema, such as {path:"
                                            + " stores.csv, format: csv, schema: store.avsc}");
            tableKey = file.optional("key").map(k -> k.text("a column of the file")).orElse(on);
            table = ReferenceFile.load(file, tableKey, resources);
        }
        List<String> columns = columns(join, table.schema());
        String at = null;
        if (join.has("at")) {
            if (!(table instanceof KafkaTable kafka) || !kafka.isVersioned()) {
                throw join.errorAtKey(
                        "at",
                        "only a table with a history keeps versions to look up at a time;"
                                + " expected history under table, or no at");
            }
            // the table's versions are by record timestamp, in epoch milliseconds
            at = SourceSection.timestampField(join.required("at", "a column"), input);
        }
        try {
            return LookupJoin.of(
                    input,
                    table,
                    type,
                    on,
                    table.schema().getField(tableKey) == null ? null : tableKey,
                    columns,
                    at,
                    recordName);
        } catch (IllegalArgumentException e) {
            throw node.error(e.getMessage());
        }
    }

    private static KafkaTable table(YamlNode node, PipelineResources resources) {
        YamlMapping table = node.mapping(TABLE_KEYS, "a mapping with topic, format and schema");
        String topic =
                SourceSection.topic(table.required("topic", "the compacted topic of the table"));
        FormatSection format = FormatSection.read(table, resources.baseDirectory());
        Schema schema =
                resources.schema(
                        table.required("schema", "the Avro schema of the table's values (.avsc)"));
        boolean bootstrap = table.optional("bootstrap").map(YamlNode::bool).orElse(true);
        Optional<Duration> history = table.optional("history").map(JoinStep::history);
        if (table.has("key")) {
            YamlNode keyNode = table.required("key", "a column");
            String key = keyNode.text("the column of the values that keys the table");
            Schema.Field field = schema.getField(key);
            if (field == null) {
                throw keyNode.error(SourceSection.unknownColumn(key, schema));
            }
            if (!isKeyType(field.schema())) {
                throw keyNode.error(
                        "column '"
                                + key
                                + "' is "
                                + TypeNames.of(field.schema())
                                + "; expected a string, int or long column");
            }
            return new KafkaTable(
                    topic, format.name(), schema, format.decoders(schema), bootstrap, history, key);
        }
        return new KafkaTable(
                topic, format.name(), schema, format.decoders(schema), bootstrap, history);
    }

    private static Duration history(YamlNode node) {
        Duration history = node.duration();
        if (history.isZero()) {
            throw node.error("a history of zero keeps no versions; expected a positive duration");
        }
        return history;
    }

    private static JoinType type(YamlNode node) {
        Map<String, JoinType> choices = new LinkedHashMap<>();
        for (JoinType type : JoinType.values()) {
            choices.put(type.text(), type);
        }
        return node.choice(choices);
    }

    private static List<String> columns(YamlMapping join, Schema table) {
        List<String> columns = new ArrayList<>();
        if (!join.has("columns")) {
            return columns;
        }
        for (YamlNode item :
                join.required("columns", "table columns").scalarOrList("a list of table columns")) {
            String name = item.text("a column of the table");
            if (table.getField(name) == null) {
                throw item.error(SourceSection.unknownColumn(name, table));
            }
            if (columns.contains(name)) {
                throw item.error("column '" + name + "' is listed twice; expected each once");
            }
            columns.add(name);
        }
        return columns;
    }

    /** Whether a column of {@code schema} can be a join key: a string or whole number. */
    static boolean isKeyType(Schema schema) {
        Schema type = io.sluice.serdes.Schemas.nonNull(schema);
        return type.getType() == Schema.Type.STRING
                || type.getType() == Schema.Type.INT
                || type.getType() == Schema.Type.LONG;
    }
}
