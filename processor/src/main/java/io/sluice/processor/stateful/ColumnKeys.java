package io.sluice.processor.stateful;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * Column keys turns the values of some columns of a row (a dropDuplicates key, a running total's
 * group) into the bytes that identify them in state: the Avro binary encoding of a record of those
 * columns, so equal values give equal bytes.
 *
 * <p>Used by one task's batch thread: the record and the encoder are reused from row to row. Maps
 * must not be among the columns (their bytes depend on entry order); the compiler rejects them.
 */
final class ColumnKeys {
    private final int[] positions;
    private final KeyEncoding encoding;

    ColumnKeys(List<ColumnRead> columns) {
        this.positions = new int[columns.size()];
        List<Schema.Field> fields = new ArrayList<>(columns.size());
        for (int i = 0; i < positions.length; i++) {
            ColumnRead column = columns.get(i);
            positions[i] = column.position();
            fields.add(new Schema.Field(column.name(), column.resultSchema()));
        }
        this.encoding = new KeyEncoding("ColumnKey", fields);
    }

    /** The key bytes of {@code row}, a new array. */
    byte[] of(GenericRecord row) {
        for (int i = 0; i < positions.length; i++) {
            encoding.set(i, row.get(positions[i]));
        }
        return encoding.encode();
    }
}
