package io.sluice.processor.pipeline;

import io.sluice.processor.plan.JoinedStream;
import io.sluice.processor.plan.StatefulStage.EventTime;
import io.sluice.processor.stateful.JoinKind;
import io.sluice.processor.stateful.TableJoinOperator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * The join step of a table source ({@code source: {..., table: true}}): a table-table join with a
 * second compacted topic, on the records' keys, emitting the joined table's changes.
 *
 * <pre>{@code
 * source: {topic: customers, format: json, schema: customer.avsc, table: true}
 * steps:
 *   - join:
 *       table: {topic: accounts, format: json, schema: account.avsc}
 *       on: CustomerCardNo      # the column both values hold their record key in
 *       type: left              # inner (default), left, full
 * }</pre>
 */
final class TableJoinStep {
    static final List<String> KEYS = List.of("table", "on", "type", "columns");
    static final List<String> TABLE_KEYS = List.of("topic", "format", "schema", "options");

    /**
     * The compiled step.
     *
     * @param operator the join
     * @param table the right table, read with the source in the same batches
     */
    record Compiled(TableJoinOperator operator, JoinedStream table) {}

    private TableJoinStep() {}

    static Compiled compile(
            YamlNode node, Schema left, String recordName, PipelineResources resources) {
        YamlMapping join = node.mapping(KEYS, "a mapping with table and type: a table-table join");
        YamlMapping table =
                join.required("table", "the table to join: {topic, format, schema}")
                        .mapping(TABLE_KEYS, "a mapping with topic, format and schema");
        String topic = SourceSection.topic(table.required("topic", "the table's compacted topic"));
        FormatSection format = FormatSection.read(table, resources.baseDirectory());
        Schema right = resources.schema(table.required("schema", "the Avro schema of its values"));
        String key = null;
        if (join.has("on")) {
            YamlNode on = join.required("on", "a column");
            key = on.text("the key column both tables' values hold");
            if (left.getField(key) == null) {
                throw on.error(SourceSection.unknownColumn(key, left));
            }
            if (right.getField(key) == null) {
                throw on.error(
                        "the joined table has no column '"
                                + key
                                + "'; "
                                + SourceSection.unknownColumn(key, right));
            }
        }
        JoinKind kind = join.optional("type").map(TableJoinStep::kind).orElse(JoinKind.INNER);
        List<String> columns = new ArrayList<>();
        join.optional("columns")
                .ifPresent(
                        n -> {
                            for (YamlNode item : n.scalarOrList("a list of table columns")) {
                                String name = item.text("a column");
                                if (right.getField(name) == null) {
                                    throw item.error(SourceSection.unknownColumn(name, right));
                                }
                                columns.add(name);
                            }
                        });
        TableJoinOperator operator;
        try {
            operator =
                    new TableJoinOperator(
                            kind, left, right, key, columns, recordName, List.of(topic));
        } catch (IllegalArgumentException e) {
            throw node.error(e.getMessage());
        }
        return new Compiled(
                operator,
                new JoinedStream(
                        List.of(topic),
                        format.name(),
                        right,
                        format.decoders(right),
                        new EventTime.RecordTimestamp(),
                        List.of()));
    }

    private static JoinKind kind(YamlNode node) {
        Map<String, JoinKind> choices = new LinkedHashMap<>();
        choices.put("inner", JoinKind.INNER);
        choices.put("left", JoinKind.LEFT);
        choices.put("full", JoinKind.FULL);
        choices.put("outer", JoinKind.FULL);
        return node.choice(choices);
    }
}
