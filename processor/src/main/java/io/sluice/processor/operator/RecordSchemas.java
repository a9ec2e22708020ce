package io.sluice.processor.operator;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.avro.JsonProperties;
import org.apache.avro.Schema;

/** Record schemas builds the record schemas operators emit, from fields of other schemas. */
final class RecordSchemas {
    private static final Pattern AVRO_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private RecordSchemas() {}

    /** Whether {@code name} is a valid Avro field or record name. */
    static boolean isValidName(String name) {
        return AVRO_NAME.matcher(name).matches();
    }

    /** A record schema without namespace or doc. */
    static Schema record(String name, List<Schema.Field> fields) {
        if (!isValidName(name)) {
            throw new IllegalArgumentException(
                    "record name '" + name + "' is not a valid Avro name");
        }
        return Schema.createRecord(name, null, null, false, fields);
    }

    /** A copy of {@code field} that can go into another record (Avro fields belong to one). */
    static Schema.Field copy(Schema.Field field) {
        return new Schema.Field(field, field.schema());
    }

    /** A copy of every field of {@code record}. */
    static List<Schema.Field> copyFields(Schema record) {
        List<Schema.Field> fields = new ArrayList<>(record.getFields().size());
        for (Schema.Field field : record.getFields()) {
            fields.add(copy(field));
        }
        return fields;
    }

    /** A new field; a nullable field whose union starts with null gets default null. */
    static Schema.Field field(String name, Schema schema) {
        if (!isValidName(name)) {
            throw new IllegalArgumentException(
                    "field name '" + name + "' is not a valid Avro name");
        }
        boolean nullFirst =
                schema.getType() == Schema.Type.UNION
                        && schema.getTypes().get(0).getType() == Schema.Type.NULL;
        return nullFirst
                ? new Schema.Field(name, schema, null, JsonProperties.NULL_VALUE)
                : new Schema.Field(name, schema);
    }

    /** The field named {@code name}, or an IllegalArgumentException naming the columns. */
    static Schema.Field requireField(Schema record, String name) {
        Schema.Field field = record.getField(name);
        if (field == null) {
            throw new IllegalArgumentException(
                    "no column '"
                            + name
                            + "' in "
                            + record.getFullName()
                            + "; columns are: "
                            + columnNames(record));
        }
        return field;
    }

    /** The record's field names, comma-separated in order. */
    static String columnNames(Schema record) {
        List<String> names = new ArrayList<>(record.getFields().size());
        for (Schema.Field field : record.getFields()) {
            names.add(field.name());
        }
        return String.join(", ", names);
    }
}
