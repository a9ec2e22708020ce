package io.sluice.processor.stateful;

import io.sluice.processor.window.GroupColumn;
import io.sluice.serdes.Rows;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/**
 * A key encoding turns the values of a key's columns into the bytes that identify the key: the Avro
 * binary encoding of a record of those columns, so equal values give equal bytes. State stores key
 * by these bytes and the repartition topic partitions by them, so a key's task is the same
 * whichever of them asks.
 *
 * <p>Used by one thread: the record and the encoder are reused from key to key. Maps must not be
 * among the columns (their bytes depend on entry order).
 */
public final class KeyEncoding {
    private final Schema schema;
    private final GenericData.Record key;
    private final GenericDatumWriter<Object> writer;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(32);
    private BinaryEncoder encoder;

    /** An encoding of records named {@code name} with {@code fields}. */
    public KeyEncoding(String name, List<Schema.Field> fields) {
        this.schema = Schema.createRecord(name, null, "sluice", false, fields);
        this.key = new GenericData.Record(schema);
        this.writer = new GenericDatumWriter<>(schema, Rows.genericData());
    }

    /** The encoding of the values of {@code columns}, typed as their expressions. */
    public static KeyEncoding of(String name, List<GroupColumn> columns) {
        List<Schema.Field> fields = new ArrayList<>(columns.size());
        for (GroupColumn column : columns) {
            fields.add(new Schema.Field(column.name(), column.expression().resultSchema()));
        }
        return new KeyEncoding(name, fields);
    }

    /** The schema of the key records, to read the bytes back. */
    public Schema schema() {
        return schema;
    }

    /** Sets the value of the key's column {@code index} for the next {@link #encode()}. */
    public void set(int index, Object value) {
        key.put(index, value);
    }

    /** The bytes of the values set, a new array. */
    public byte[] encode() {
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
