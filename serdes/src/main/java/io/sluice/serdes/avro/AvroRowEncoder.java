package io.sluice.serdes.avro;

import io.sluice.serdes.CodecException;
import io.sluice.serdes.RowEncoder;
import io.sluice.serdes.internal.ByteSink;
import io.sluice.serdes.internal.FieldFailure;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * An Avro row encoder writes a fixed header (empty, single-object or Confluent) and then the row as
 * Avro binary of its schema, into a buffer it keeps between rows.
 */
final class AvroRowEncoder implements RowEncoder {

    private static final int INITIAL_CAPACITY = 512;

    private final byte[] header;
    private final AvroWriters.ValueWriter writer;
    private final ByteSink sink = new ByteSink(INITIAL_CAPACITY);

    AvroRowEncoder(Schema schema, byte[] header) {
        this.header = header.clone();
        this.writer = AvroWriters.forRecord(schema);
    }

    @Override
    public byte[] encode(GenericRecord row) {
        sink.reset();
        sink.write(header, 0, header.length);
        try {
            writer.write(sink, row);
        } catch (FieldFailure f) {
            throw new CodecException("cannot encode row as Avro: " + f.reason(), f.fieldPath());
        } catch (RuntimeException e) {
            throw new CodecException("cannot encode row as Avro: " + e.getMessage(), "", e);
        }
        return sink.toByteArray();
    }
}
