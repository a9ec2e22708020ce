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
    private final GenericRecord replacement;

    private Retraction(GenericRecord row, GenericRecord replacement) {
        super(row.getSchema());
        for (int i = 0; i < row.getSchema().getFields().size(); i++) {
            put(i, row.get(i));
        }
        this.replacement = replacement;
    }

    /**
     * The retraction of {@code row}, a row emitted earlier, by {@code replacement}, the merged
     * session's row emitted right after it (null when none follows).
     */
    public static Retraction of(GenericRecord row, GenericRecord replacement) {
        return new Retraction(row, replacement);
    }

    /**
     * The row that replaces the retracted one, emitted right after it; a sink whose key for both is
     * the same may skip the retraction. Null when none follows.
     */
    public GenericRecord replacement() {
        return replacement;
    }
}
