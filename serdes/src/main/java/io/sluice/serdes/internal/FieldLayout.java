package io.sluice.serdes.internal;

import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;

/**
 * Where a record writer's fields are in the rows it is given: at its own positions when a row has
 * the writer's schema (or an equal one), else found by name, once per row schema rather than once
 * per row. A row of another schema is common: a repartition topic carries only the columns its step
 * reads, and comparing the schemas and looking each field up by name showed in its profile.
 *
 * <p>Remembers the last row schema by identity (schemas do not change once built). One per writer,
 * used by its encoder's thread only, like the writer.
 */
public final class FieldLayout {
    private final Schema schema;
    private final String[] names;
    private Schema lastRowSchema;
    private int[] lastPositions; // null: the writer's own positions

    /** The layout of a writer of {@code schema}, whose fields are {@code names} in order. */
    public FieldLayout(Schema schema, String[] names) {
        this.schema = schema;
        this.names = names;
    }

    /**
     * The position in rows of {@code rowSchema} of each of the writer's fields, -1 where such a row
     * has none; null when it is the writer's own.
     */
    public int[] positions(Schema rowSchema) {
        if (rowSchema == schema) {
            return null;
        }
        if (rowSchema != lastRowSchema) {
            lastPositions = rowSchema.equals(schema) ? null : byName(rowSchema);
            lastRowSchema = rowSchema;
        }
        return lastPositions;
    }

    /** The writer's field {@code i} of {@code record}, by the {@link #positions} of its schema. */
    public static Object field(IndexedRecord record, int[] positions, int i) {
        if (positions == null) {
            return record.get(i);
        }
        int at = positions[i];
        return at < 0 ? null : record.get(at);
    }

    private int[] byName(Schema rowSchema) {
        int[] positions = new int[names.length];
        for (int i = 0; i < names.length; i++) {
            Schema.Field field = rowSchema.getField(names[i]);
            positions[i] = field == null ? -1 : field.pos();
        }
        return positions;
    }
}
