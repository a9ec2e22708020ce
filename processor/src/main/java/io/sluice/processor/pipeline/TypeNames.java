package io.sluice.processor.pipeline;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.LogicalType;
import org.apache.avro.Schema;

/**
 * Type names are the short spellings of Avro types in plans and error messages: {@code string},
 * {@code timestamp-millis}, {@code nullable string}, {@code array<string>}, {@code record Invoice}.
 */
final class TypeNames {

    private TypeNames() {}

    /** The short name of {@code schema}'s type. */
    static String of(Schema schema) {
        LogicalType logical = schema.getLogicalType();
        if (logical != null) {
            return logical.getName();
        }
        switch (schema.getType()) {
            case UNION:
                return union(schema);
            case ARRAY:
                return "array<" + of(schema.getElementType()) + ">";
            case MAP:
                return "map<" + of(schema.getValueType()) + ">";
            case RECORD:
            case ENUM:
            case FIXED:
                return schema.getType().getName() + " " + schema.getName();
            default:
                return schema.getType().getName();
        }
    }

    private static String union(Schema schema) {
        List<Schema> branches = schema.getTypes();
        List<String> names = new ArrayList<>(branches.size());
        boolean nullable = false;
        for (Schema branch : branches) {
            if (branch.getType() == Schema.Type.NULL) {
                nullable = true;
            } else {
                names.add(of(branch));
            }
        }
        if (names.isEmpty()) {
            return "null";
        }
        String nonNull =
                names.size() == 1 ? names.get(0) : "union<" + String.join(", ", names) + ">";
        return nullable ? "nullable " + nonNull : nonNull;
    }

    /** The fields of a record as {@code name type} pairs, comma-separated. */
    static String fields(Schema record) {
        List<String> fields = new ArrayList<>(record.getFields().size());
        for (Schema.Field field : record.getFields()) {
            fields.add(field.name() + " " + of(field.schema()));
        }
        return String.join(", ", fields);
    }

    /** The names of a record's fields, comma-separated. */
    static String columns(Schema record) {
        List<String> names = new ArrayList<>(record.getFields().size());
        for (Schema.Field field : record.getFields()) {
            names.add(field.name());
        }
        return String.join(", ", names);
    }
}
