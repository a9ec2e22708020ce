package io.sluice.processor.stateful;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * A deletion is an output row that says a key's row is gone (a table-table join's row no longer
 * exists): the sink writes a tombstone under the key its {@code key} expression computes from the
 * row, whose key columns alone are set (or, for a retracted session, every column).
 */
public final class Deletion extends GenericData.Record {
    public Deletion(Schema schema) {
        super(schema);
    }

    /** The deletion of the key of {@code row}: a copy of its columns. */
    public static Deletion of(GenericRecord row) {
        Deletion deletion = new Deletion(row.getSchema());
        for (int i = 0; i < row.getSchema().getFields().size(); i++) {
            deletion.put(i, row.get(i));
        }
        return deletion;
    }
}
