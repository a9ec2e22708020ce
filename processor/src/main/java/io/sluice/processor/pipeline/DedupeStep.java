package io.sluice.processor.pipeline;

import io.sluice.processor.stateful.DedupeOperator;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;

/**
 * The dedupe step, {@code - dropDuplicates: [InvoiceNumber]}, compiles into a {@link
 * DedupeOperator} over the rows the steps before it emit: the columns named, or every column when
 * the step has no value ({@code - dropDuplicates:}), as Spark's {@code dropDuplicates()}.
 */
final class DedupeStep {
    static final String KIND = "dropDuplicates";

    private static final String EXPECTED =
            "a list of the columns that make rows duplicates, such as [InvoiceNumber], or no value"
                    + " for all columns";

    private DedupeStep() {}

    /** Compiles the value {@code node} of the list item {@code step} for rows of {@code input}. */
    static DedupeOperator compile(YamlMapping step, YamlNode node, Schema input) {
        List<String> columns = new ArrayList<>();
        if (node.isNull()) {
            for (Schema.Field field : input.getFields()) {
                if (holdsMap(field.schema())) {
                    throw step.errorAtKey(KIND, notComparable(field));
                }
                columns.add(field.name());
            }
            return new DedupeOperator(input, columns);
        }
        List<YamlNode> items = node.scalarOrList(EXPECTED);
        if (items.isEmpty()) {
            throw node.error("an empty list; expected " + EXPECTED);
        }
        for (YamlNode item : items) {
            String name = item.text("a column name");
            Schema.Field field = input.getField(name);
            if (field == null) {
                throw item.error(SourceSection.unknownColumn(name, input));
            }
            if (columns.contains(name)) {
                throw item.error("column '" + name + "' is named twice; expected each column once");
            }
            if (holdsMap(field.schema())) {
                throw item.error(notComparable(field));
            }
            columns.add(name);
        }
        return new DedupeOperator(input, columns);
    }

    /** Why a column holding a map cannot be a key: equal maps may list entries in other orders. */
    private static String notComparable(Schema.Field field) {
        return "column '"
                + field.name()
                + "' is "
                + TypeNames.of(field.schema())
                + ", which holds a map, and maps cannot be compared for duplicates; expected"
                + " columns without maps";
    }

    private static boolean holdsMap(Schema schema) {
        switch (schema.getType()) {
            case MAP:
                return true;
            case ARRAY:
                return holdsMap(schema.getElementType());
            case UNION:
                return schema.getTypes().stream().anyMatch(DedupeStep::holdsMap);
            case RECORD:
                return schema.getFields().stream().anyMatch(f -> holdsMap(f.schema()));
            default:
                return false;
        }
    }
}
