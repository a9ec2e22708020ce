package io.sluice.processor.stateful;

import io.sluice.serdes.Rows;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

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
    private final GenericData.Record key;
    private final GenericDatumWriter<Object> writer;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(32);
    private BinaryEncoder encoder;

    ColumnKeys(List<ColumnRead> columns) {
        this.positions = new int[columns.size()];
        List<Schema.Field> fields = new ArrayList<>(columns.size());
        for (int i = 0; i < positions.length; i++) {
            ColumnRead column = columns.get(i);
            positions[i] = column.position();
            fields.add(new Schema.Field(column.name(), column.resultSchema()));
        }
        Schema schema = Schema.createRecord("ColumnKey", null, "sluice", false, fields);
        this.key = new GenericData.Record(schema);
        this.writer = new GenericDatumWriter<>(schema, Rows.genericData());
    }

    /** The key bytes of {@code row}, a new array. */
    byte[] of(GenericRecord row) {
        for (int i = 0; i < positions.length; i++) {
            key.put(i, row.get(positions[i]));
        }
        bytes.reset();
        encoder = EncoderFactory.get().directBinaryEncoder(bytes, encoder);
        try {
            writer.write(key, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
