package io.sluice.processor.stateful;

import org.apache.avro.generic.GenericRecord;

/**
 * A stateful operator whose inputs are tables (a table-table join): each input record is a change
 * of its table's row under the record's key, a tombstone its deletion. The engine hands it the
 * records' keys and rows itself, without the steps of a stream.
 */
public interface TableChanges {

    /**
     * The input row of a record of {@code topic}: the change of the row under {@code key} (the
     * record key as UTF-8 text) to {@code row}, or its deletion when {@code row} is null.
     */
    GenericRecord change(String topic, String key, GenericRecord row);
}
