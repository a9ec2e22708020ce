package io.sluice.processor.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * The columns of the stateful step's input rows that cross the repartition topic: the ones the step
 * reads (its group columns and aggregate arguments), or all of them for a step that keeps or emits
 * whole rows.
 *
 * <p>A windowed aggregation of invoices reads three of their sixteen columns; moving only those
 * made each moved record about a third of its size. The task reads the moved columns back into a
 * row of the full schema whose other columns are null, so the step's expressions, bound to the full
 * schema's positions, read them where they expect them.
 */
final class RowProjection {
    private final Schema full;
    private final Schema moved;
    private final int[] movedPosition; // per column of the full schema, its position moved or -1

    private RowProjection(Schema full, Schema moved, int[] movedPosition) {
        this.full = full;
        this.moved = moved;
        this.movedPosition = movedPosition;
    }

    /**
     * The projection of rows of {@code full} to the columns {@code read}; all of them when empty.
     */
    static RowProjection of(Schema full, Optional<BitSet> read) {
        List<Schema.Field> fields = full.getFields();
        int[] movedPosition = new int[fields.size()];
        Arrays.fill(movedPosition, -1);
        List<Schema.Field> kept = new ArrayList<>();
        for (Schema.Field field : fields) {
            if (read.isEmpty() || read.get().get(field.pos())) {
                movedPosition[field.pos()] = kept.size();
                kept.add(new Schema.Field(field, field.schema()));
            }
        }
        if (kept.size() == fields.size()) {
            return new RowProjection(full, full, movedPosition);
        }
        Schema moved =
                Schema.createRecord(
                        full.getName(), full.getDoc(), full.getNamespace(), false, kept);
        return new RowProjection(full, moved, movedPosition);
    }

    /** The schema of the rows as they are moved. */
    Schema movedSchema() {
        return moved;
    }

    /** Whether every column is moved. */
    boolean isWhole() {
        return moved == full;
    }

    /** The row of the full schema that {@code movedRow} stands for: its other columns null. */
    GenericRecord expand(GenericRecord movedRow) {
        return isWhole() ? movedRow : new Expanded(movedRow);
    }

    /** The row as it was moved, for a dead letter: the moved columns of an expanded row. */
    GenericRecord asMoved(GenericRecord row) {
        return row instanceof Expanded expanded ? expanded.moved : row;
    }

    /** A moved row seen through the full schema; read-only. */
    private final class Expanded implements GenericRecord {
        private final GenericRecord moved;

        Expanded(GenericRecord moved) {
            this.moved = moved;
        }

        @Override
        public Object get(int i) {
            int at = movedPosition[i];
            return at < 0 ? null : moved.get(at);
        }

        @Override
        public Object get(String key) {
            Schema.Field field = full.getField(key);
            return field == null ? null : get(field.pos());
        }

        @Override
        public void put(int i, Object v) {
            throw new UnsupportedOperationException("a moved row is read-only");
        }

        @Override
        public void put(String key, Object v) {
            throw new UnsupportedOperationException("a moved row is read-only");
        }

        @Override
        public Schema getSchema() {
            return full;
        }

        @Override
        public String toString() {
            return moved.toString();
        }
    }
}
