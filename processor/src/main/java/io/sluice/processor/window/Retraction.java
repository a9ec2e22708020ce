package io.sluice.processor.window;

import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * A retraction is an output row that withdraws a row emitted earlier: the row of a session that a
 * merge (or growth) replaced by a session with other bounds, emitted in update mode just before the
 * new session's row. A Kafka sink writes it as a tombstone under the key its {@code key} expression
 * computes from the row, so a compacted topic forgets the replaced session.
 *
 * <p>It holds every column of the row as it was emitted, so that the steps after the aggregation
 * and the sink's key compute what they computed then.
 */
public final class Retraction extends GenericData.Record {

    private Retraction(GenericRecord row) {
        super(row.getSchema());
        for (int i = 0; i < row.getSchema().getFields().size(); i++) {
            put(i, row.get(i));
        }
    }

    /** The retraction of {@code row}, a row emitted earlier. */
    public static Retraction of(GenericRecord row) {
        return new Retraction(row);
    }
}
