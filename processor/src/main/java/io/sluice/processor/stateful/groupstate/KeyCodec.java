package io.sluice.processor.stateful.groupstate;

import io.sluice.processor.StateCorruptedException;
import io.sluice.processor.window.GroupColumn;
import io.sluice.processor.window.GroupKey;
import io.sluice.serdes.Rows;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;

/**
 * The key codec turns a group key into the Avro binary of its key columns and back. These are the
 * bytes the engine's repartition topic keys rows by, so {@link
 * io.sluice.processor.stateful.TaskInfo#owns} answers for them. Thread-safe.
 */
final class KeyCodec {
    private final List<GroupColumn> columns;
    private final Schema schema;
    private final GenericDatumWriter<Object> writer;
    private final GenericDatumReader<Object> reader;

    KeyCodec(List<GroupColumn> columns) {
        this.columns = List.copyOf(columns);
        List<Schema.Field> fields = new ArrayList<>();
        for (GroupColumn column : columns) {
            fields.add(new Schema.Field(column.name(), column.expression().resultSchema()));
        }
        this.schema = Schema.createRecord("GroupStateKey", null, "sluice", false, fields);
        this.writer = new GenericDatumWriter<>(schema, Rows.genericData());
        this.reader = new GenericDatumReader<>(schema, schema, Rows.genericData());
    }

    /** The key columns. */
    List<GroupColumn> columns() {
        return columns;
    }

    /**
     * The key of {@code row}.
     *
     * @throws io.sluice.processor.expr.EvaluationException when a key column cannot be computed
     */
    GroupKey keyOf(GenericRecord row) {
        Object[] values = new Object[columns.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = columns.get(i).expression().evaluate(row);
        }
        return GroupKey.of(values);
    }

    /** The bytes of {@code key}; equal keys give equal bytes. Empty without key columns. */
    byte[] encode(GroupKey key) {
        if (key.size() != columns.size()) {
            throw new IllegalArgumentException(
                    String.format(
                            "a key of this step has %d values (%s), got %s",
                            columns.size(), schema.getFields(), key));
        }
        GenericData.Record record = new GenericData.Record(schema);
        for (int i = 0; i < key.size(); i++) {
            record.put(i, key.get(i));
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(16);
        BinaryEncoder out = EncoderFactory.get().directBinaryEncoder(bytes, null);
        try {
            writer.write(record, out);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * The key {@link #encode} wrote.
     *
     * @throws StateCorruptedException when the bytes are not a key of these columns
     */
    GroupKey decode(byte[] bytes) {
        BinaryDecoder in = DecoderFactory.get().binaryDecoder(bytes, null);
        try {
            GenericRecord record = (GenericRecord) Rows.normalize(reader.read(null, in));
            if (!in.isEnd()) {
                throw new IOException("bytes left over after the key");
            }
            Object[] values = new Object[columns.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = record.get(i);
            }
            return GroupKey.of(values);
        } catch (IOException | RuntimeException e) {
            throw new StateCorruptedException("corrupt key in group state", e);
        }
    }
}
