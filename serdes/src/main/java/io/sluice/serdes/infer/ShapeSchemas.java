package io.sluice.serdes.infer;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

/**
 * Shape schemas turn accumulated shapes into Avro schemas: one branch per kind seen, null first
 * when the value was ever null or absent, unique record names derived from field names.
 */
final class ShapeSchemas {

    private final String namespace;
    private final Set<String> usedNames = new HashSet<>();

    ShapeSchemas(String namespace) {
        this.namespace = namespace;
    }

    Schema record(String name, Shape shape) {
        Schema record = Schema.createRecord(uniqueName(name), null, namespace, false);
        List<Schema.Field> fields = new ArrayList<>();
        for (Map.Entry<String, Shape.Field> e : shape.fields.entrySet()) {
            Shape.Field field = e.getValue();
            boolean optional = field.present < shape.objects;
            Schema type = value(e.getKey(), field.shape, optional);
            boolean nullable = type.getType() == Schema.Type.UNION;
            fields.add(
                    new Schema.Field(
                            e.getKey(),
                            type,
                            null,
                            nullable ? Schema.Field.NULL_DEFAULT_VALUE : null));
        }
        record.setFields(fields);
        return record;
    }

    private Schema value(String name, Shape shape, boolean optional) {
        List<Schema> branches = new ArrayList<>();
        if (shape.sawBoolean) {
            branches.add(Schema.create(Schema.Type.BOOLEAN));
        }
        if (shape.sawNumber()) {
            Schema.Type type =
                    shape.sawDouble
                            ? Schema.Type.DOUBLE
                            : shape.sawLong ? Schema.Type.LONG : Schema.Type.INT;
            branches.add(Schema.create(type));
        }
        if (shape.strings > 0) {
            branches.add(
                    shape.timestamps == shape.strings
                            ? LogicalTypes.timestampMillis()
                                    .addToSchema(Schema.create(Schema.Type.LONG))
                            : Schema.create(Schema.Type.STRING));
        }
        if (shape.objects > 0) {
            branches.add(shape.sawInvalidName ? map(name, shape) : record(capitalize(name), shape));
        }
        if (shape.sawArray()) {
            branches.add(Schema.createArray(value(name + "Item", shape.items, false)));
        }
        if (branches.isEmpty()) {
            branches.add(Schema.create(Schema.Type.STRING));
        }
        if (timestampAndNumber(branches)) {
            branches.remove(Schema.create(Schema.Type.INT));
            branches.remove(Schema.create(Schema.Type.LONG));
        }
        if (shape.sawNull || optional) {
            branches.add(0, Schema.create(Schema.Type.NULL));
        }
        return branches.size() == 1 ? branches.get(0) : Schema.createUnion(branches);
    }

    /** Timestamps given both as epoch numbers and as text are one timestamp field, not a union. */
    private static boolean timestampAndNumber(List<Schema> branches) {
        boolean timestamp = false;
        boolean integral = false;
        for (Schema b : branches) {
            timestamp |= b.getLogicalType() != null;
            integral |=
                    b.getType() == Schema.Type.INT
                            || b.getType() == Schema.Type.LONG && b.getLogicalType() == null;
        }
        return timestamp && integral;
    }

    private Schema map(String name, Shape shape) {
        Shape values = new Shape();
        for (Shape.Field field : shape.fields.values()) {
            merge(values, field.shape);
        }
        return Schema.createMap(value(name + "Value", values, false));
    }

    private static void merge(Shape into, Shape from) {
        into.sawNull |= from.sawNull;
        into.sawBoolean |= from.sawBoolean;
        into.sawInt |= from.sawInt;
        into.sawLong |= from.sawLong;
        into.sawDouble |= from.sawDouble;
        into.strings += from.strings;
        into.timestamps += from.timestamps;
        into.objects += from.objects;
        into.sawInvalidName |= from.sawInvalidName;
        for (Map.Entry<String, Shape.Field> e : from.fields.entrySet()) {
            Shape.Field target = into.field(e.getKey());
            target.present += e.getValue().present;
            merge(target.shape, e.getValue().shape);
        }
        if (from.items != null) {
            merge(into.items(), from.items);
        }
    }

    private String uniqueName(String base) {
        String name = base;
        for (int i = 2; !usedNames.add(name); i++) {
            name = base + i;
        }
        return name;
    }

    private static String capitalize(String name) {
        return name.isEmpty()
                ? "Record"
                : name.substring(0, 1).toUpperCase(Locale.ROOT) + name.substring(1);
    }

    /** Whether a JSON key can be an Avro field name. */
    static boolean isValidName(String name) {
        if (name.isEmpty() || !(Character.isLetter(name.charAt(0)) || name.charAt(0) == '_')) {
            return false;
        }
        for (int i = 1; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c < 128 && (Character.isLetterOrDigit(c) || c == '_'))) {
                return false;
            }
        }
        return name.charAt(0) < 128;
    }
}
