package io.sluice.processor.stateful.groupstate;

import io.sluice.processor.StateCorruptedException;
import io.sluice.processor.stateful.KeyEncoding;
import io.sluice.processor.window.GroupColumn;
import io.sluice.processor.window.GroupKey;
import io.sluice.serdes.Rows;
import java.io.IOException;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;

/**
 * The key codec turns a group key into the Avro binary of its key columns and back. These are the
 * bytes the engine's repartition topic keys rows by ({@link KeyEncoding}), so {@link
 * io.sluice.processor.stateful.TaskInfo#owns} answers for them. Used by one thread at a time: the
 * encoder is reused.
 */
final class KeyCodec {
    private final List<GroupColumn> columns;
    private final Schema schema;
    private final KeyEncoding encoding;
    private final GenericDatumReader<Object> reader;

    KeyCodec(List<GroupColumn> columns) {
        this.columns = List.copyOf(columns);
        this.encoding = KeyEncoding.of("GroupStateKey", columns);
        this.schema = encoding.schema();
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
        for (int i = 0; i < key.size(); i++) {
            encoding.set(i, key.get(i));
        }
        return encoding.encode();
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
