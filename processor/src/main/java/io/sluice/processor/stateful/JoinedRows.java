package io.sluice.processor.stateful;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.avro.JsonProperties;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * The rows a stream-stream join emits: the left columns, then the right ones but a right key column
 * named as the left one (one column, as a join USING the key). A side that may be missing (the
 * other side of an outer join) has nullable columns; the shared key column takes whichever side's
 * key is there. A left semi join emits the left columns only.
 */
final class JoinedRows {
    private final Schema schema;
    private final int leftWidth;
    private final int[] rightPositions; // right field positions copied after the left ones
    private final int sharedKeyLeft; // -1 when the key columns differ in name
    private final int sharedKeyRight;

    /**
     * @param leftKey the left key column; with a right key of the same name, one output column
     * @param rightKey the right key column; null (both) when the keys are not columns
     * @throws IllegalArgumentException when a right column (other than a same-named key) has the
     *     name of a left column, or when same-named keys differ in type and right rows may come out
     *     without a left one (the shared column would take a value of the other type)
     */
    JoinedRows(
            Schema left,
            Schema right,
            String leftKey,
            String rightKey,
            List<String> rightColumns,
            JoinKind kind,
            String recordName) {
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field field : left.getFields()) {
            fields.add(field(field, kind.keepsUnmatched(JoinInput.RIGHT)));
        }
        this.leftWidth = left.getFields().size();
        boolean shared = leftKey != null && leftKey.equals(rightKey);
        this.sharedKeyLeft = shared ? left.getField(leftKey).pos() : -1;
        this.sharedKeyRight = shared ? right.getField(rightKey).pos() : -1;
        if (shared && kind.keepsUnmatched(JoinInput.RIGHT)) {
            String leftType = typeName(left.getField(leftKey).schema());
            String rightType = typeName(right.getField(rightKey).schema());
            if (!leftType.equals(rightType)) {
                throw new IllegalArgumentException(
                        String.format(
                                "the key column '%s' is %s on the left and %s on the right, and"
                                        + " the %s join's right rows without a match would put"
                                        + " their %s key in it; expected key columns of one type",
                                leftKey, leftType, rightType, kind.text(), rightType));
            }
        }
        List<Integer> positions = new ArrayList<>();
        if (kind != JoinKind.LEFT_SEMI) {
            Set<String> leftNames = new HashSet<>();
            left.getFields().forEach(f -> leftNames.add(f.name()));
            for (Schema.Field field : rightFields(right, rightColumns)) {
                if (shared && field.name().equals(rightKey)) {
                    continue;
                }
                if (leftNames.contains(field.name())) {
                    throw new IllegalArgumentException(
                            String.format(
                                    "column '%s' is on both sides; rename it on the left first,"
                                            + " or list the right columns to add under columns",
                                    field.name()));
                }
                positions.add(field.pos());
                fields.add(field(field, kind.keepsUnmatched(JoinInput.LEFT)));
            }
        }
        this.rightPositions = positions.stream().mapToInt(Integer::intValue).toArray();
        this.schema = Schema.createRecord(recordName, null, null, false, fields);
    }

    Schema schema() {
        return schema;
    }

    /** The joined row of {@code left} and {@code right}, either of which may be null. */
    GenericRecord of(GenericRecord left, GenericRecord right) {
        GenericData.Record row = new GenericData.Record(schema);
        if (left != null) {
            for (int i = 0; i < leftWidth; i++) {
                row.put(i, left.get(i));
            }
        } else if (sharedKeyLeft >= 0) {
            row.put(sharedKeyLeft, right.get(sharedKeyRight));
        }
        if (right != null) {
            for (int i = 0; i < rightPositions.length; i++) {
                row.put(leftWidth + i, right.get(rightPositions[i]));
            }
        }
        return row;
    }

    private static List<Schema.Field> rightFields(Schema right, List<String> columns) {
        if (columns.isEmpty()) {
            return right.getFields();
        }
        List<Schema.Field> fields = new ArrayList<>();
        for (String name : columns) {
            Schema.Field field = right.getField(name);
            if (field == null) {
                throw new IllegalArgumentException("the right stream has no column '" + name + "'");
            }
            fields.add(field);
        }
        return fields;
    }

    /** The type of a column, nullable or not: its logical type's name, or its own. */
    private static String typeName(Schema type) {
        Schema value = type;
        if (type.isUnion()) {
            for (Schema branch : type.getTypes()) {
                if (branch.getType() != Schema.Type.NULL) {
                    value = branch;
                }
            }
        }
        if (value.getLogicalType() != null) {
            return value.getLogicalType().getName();
        }
        return value.getType() == Schema.Type.RECORD
                        || value.getType() == Schema.Type.ENUM
                        || value.getType() == Schema.Type.FIXED
                ? value.getFullName()
                : value.getType().getName();
    }

    private static Schema.Field field(Schema.Field field, boolean nullable) {
        Schema type = field.schema();
        if (!nullable || type.isNullable()) {
            return new Schema.Field(field, type);
        }
        return new Schema.Field(
                field.name(),
                Schema.createUnion(Schema.create(Schema.Type.NULL), type),
                field.doc(),
                JsonProperties.NULL_VALUE);
    }
}
