package io.sluice.processor.join;

import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * A table a stream joins: its rows by key. Used by the batch thread only, between the updates the
 * engine applies between batches.
 */
public interface TableLookup {

    /** The schema of the table's rows. */
    Schema schema();

    /**
     * The rows under {@code key}, in table order; empty when none. The list may be reused by the
     * next call.
     *
     * @param atMs the event time of the stream row, for a table that keeps versions; others ignore
     *     it
     */
    List<GenericRecord> rows(String key, long atMs);

    /** What it says in a plan printout, such as "table customers". */
    String describe();
}
