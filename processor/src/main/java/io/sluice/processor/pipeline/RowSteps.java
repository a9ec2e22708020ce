package io.sluice.processor.pipeline;

import io.sluice.processor.RowOperator;
import io.sluice.processor.expr.CompiledExpression;
import io.sluice.processor.expr.RowPredicate;
import io.sluice.processor.operator.Operators;
import io.sluice.serdes.Schemas;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.avro.Schema;

/**
 * The row steps are the stateless steps of one row at a time: {@code where}, {@code select}, {@code
 * withColumn}, {@code drop} and {@code explode}, each compiled against the schema of the rows it
 * gets into an operator.
 */
final class RowSteps {
    private RowSteps() {}

    static RowOperator where(YamlNode node, Schema schema) {
        String sql = node.text("a boolean expression, such as \"CustomerType = 'PRIME'\"");
        RowPredicate predicate = Expressions.predicate(node, schema);
        return Operators.where(schema, sql.trim(), predicate);
    }

    static RowOperator select(YamlNode node, Schema schema, String recordName) {
        List<Operators.Column> columns = new ArrayList<>();
        if (node.isList()) {
            for (YamlNode item : node.list("a list of columns")) {
                String name = item.text("a column name");
                if (schema.getField(name.trim()) == null) {
                    throw item.error(
                            "'"
                                    + name
                                    + "' is not a column; expected a column name (columns are: "
                                    + TypeNames.columns(schema)
                                    + "), or the mapping form name: expression");
                }
                for (Operators.Column column : columns) {
                    if (column.name().equals(name.trim())) {
                        throw item.error(
                                "column '"
                                        + column.name()
                                        + "' is selected twice; expected each column once");
                    }
                }
                columns.add(new Operators.Column(name.trim(), Expressions.compile(item, schema)));
            }
        } else {
            YamlMapping mapping = node.anyMapping("a mapping of output column name to expression");
            for (YamlMapping.Entry entry : mapping.entries()) {
                checkColumnName(mapping, entry.key());
                columns.add(
                        new Operators.Column(
                                entry.key(), Expressions.compile(entry.value(), schema)));
            }
        }
        if (columns.isEmpty()) {
            throw node.error("no columns; expected at least one output column");
        }
        return Operators.select(recordName, columns);
    }

    static RowOperator withColumn(YamlNode node, Schema schema, String recordName) {
        YamlMapping mapping = node.mapping(List.of("name", "expr"), "a mapping with name and expr");
        YamlNode nameNode = mapping.required("name", "the name of the column to add or replace");
        String name = nameNode.text("a column name");
        if (!Names.isValidField(name)) {
            throw nameNode.error(
                    "'" + name + "' is not a valid column name; expected " + Names.FIELD_EXPECTED);
        }
        CompiledExpression expression =
                Expressions.compile(mapping.required("expr", "an expression"), schema);
        return Operators.withColumn(schema, recordName, name, expression);
    }

    static RowOperator drop(YamlNode node, Schema schema, String recordName) {
        Set<String> dropped = new LinkedHashSet<>();
        for (YamlNode item : node.scalarOrList("a column name or a list of column names")) {
            String name = item.text("a column name");
            if (schema.getField(name) == null) {
                throw item.error(SourceSection.unknownColumn(name, schema));
            }
            dropped.add(name);
        }
        if (dropped.size() == schema.getFields().size()) {
            throw node.error("drops every column; expected at least one column to remain");
        }
        return Operators.drop(schema, recordName, dropped);
    }

    static RowOperator explode(YamlNode node, Schema schema, String recordName) {
        YamlMapping mapping =
                node.mapping(List.of("column", "as"), "a mapping with column (and as)");
        YamlNode columnNode = mapping.required("column", "the name of an array column");
        String column = columnNode.text("the name of an array column");
        Schema.Field field = schema.getField(column);
        if (field == null) {
            throw columnNode.error(SourceSection.unknownColumn(column, schema));
        }
        Schema type = Schemas.nonNull(field.schema());
        if (type.getType() != Schema.Type.ARRAY) {
            throw columnNode.error(
                    "column '"
                            + column
                            + "' is "
                            + TypeNames.of(field.schema())
                            + "; expected an array column");
        }
        String as = column;
        if (mapping.optional("as").isPresent()) {
            YamlNode asNode = mapping.optional("as").get();
            as = asNode.text("a column name");
            if (!Names.isValidField(as)) {
                throw asNode.error(
                        "'"
                                + as
                                + "' is not a valid column name; expected "
                                + Names.FIELD_EXPECTED);
            }
            Schema.Field existing = schema.getField(as);
            if (existing != null && existing.pos() != field.pos()) {
                throw asNode.error(
                        "column '" + as + "' exists already; expected a new name for the element");
            }
        }
        return Operators.explode(schema, recordName, column, as);
    }

    private static void checkColumnName(YamlMapping mapping, String name) {
        if (!Names.isValidField(name)) {
            throw mapping.errorAtKey(
                    name,
                    "'" + name + "' is not a valid column name; expected " + Names.FIELD_EXPECTED);
        }
    }
}
