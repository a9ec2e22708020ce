package io.sluice.serdes;

import org.apache.avro.generic.GenericRecord;

/**
 * A row encoder turns a row into the bytes of one record in its format.
 *
 * <p>An instance reuses its output buffers between calls, so it is used by one thread at a time;
 * make one per thread or task. The returned array is fresh and owned by the caller.
 */
public interface RowEncoder {

    /**
     * Encodes one row.
     *
     * @throws CodecException when a value does not fit the schema; the message names the field path
     */
    byte[] encode(GenericRecord row);
}
