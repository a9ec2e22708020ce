package io.sluice.processor.stateful;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;

/**
 * A deletion is an output row that says a key's row is gone (a table-table join's row no longer
 * exists): the sink writes a tombstone under the key its {@code key} expression computes from the
 * row, whose key columns alone are set.
 */
public final class Deletion extends GenericData.Record {
    public Deletion(Schema schema) {
        super(schema);
    }
}
