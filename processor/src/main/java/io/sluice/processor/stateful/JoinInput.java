package io.sluice.processor.stateful;

import io.sluice.processor.RowCollector;
import io.sluice.processor.RowOperator;
import io.sluice.processor.StateCorruptedException;
import io.sluice.processor.window.GroupColumn;
import io.sluice.serdes.DecodeResult;
import io.sluice.serdes.RowDecoder;
import io.sluice.serdes.RowEncoder;
import io.sluice.serdes.avro.AvroFormat;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.avro.JsonProperties;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * A join input turns a row of one side of a stream-stream join into the join's input row, one
 * schema for both sides so that they cross one repartition topic: the join key as text, the side,
 * and the row itself as Avro binary of its side's schema (null: a table's key was deleted).
 */
public final class JoinInput implements RowOperator {
    /** The left side: the pipeline's source. */
    public static final int LEFT = 0;

    /** The right side: the joined stream. */
    public static final int RIGHT = 1;

    /** The schema of join input rows. */
    public static final Schema SCHEMA =
            Schema.createRecord(
                    "sluice_join_input",
                    null,
                    null,
                    false,
                    List.of(
                            new Schema.Field(
                                    "key",
                                    Schema.createUnion(
                                            Schema.create(Schema.Type.NULL),
                                            Schema.create(Schema.Type.STRING)),
                                    null,
                                    JsonProperties.NULL_VALUE),
                            new Schema.Field("side", Schema.create(Schema.Type.INT)),
                            new Schema.Field(
                                    "row",
                                    Schema.createUnion(
                                            Schema.create(Schema.Type.NULL),
                                            Schema.create(Schema.Type.BYTES)),
                                    null,
                                    JsonProperties.NULL_VALUE)));

    static final int KEY = 0;
    static final int SIDE = 1;
    static final int ROW = 2;

    private final int side;
    private final Schema.Field key;
    private final RowEncoder encoder;

    /**
     * Tags rows of {@code rows} as side {@code side}, keyed by their column {@code keyColumn} (null
     * for a table's rows, keyed by their records' keys through {@link #change}).
     *
     * @throws IllegalArgumentException when the column is missing
     */
    public JoinInput(int side, Schema rows, String keyColumn) {
        this.side = side;
        this.key = keyColumn == null ? null : rows.getField(keyColumn);
        if (keyColumn != null && key == null) {
            throw new IllegalArgumentException("no column '" + keyColumn + "'");
        }
        this.encoder = AvroFormat.encoder(rows);
    }

    @Override
    public Schema outputSchema() {
        return SCHEMA;
    }

    @Override
    public void process(GenericRecord row, RowCollector out) {
        GenericData.Record input = new GenericData.Record(SCHEMA);
        Object value = row.get(key.pos());
        input.put(KEY, value == null ? null : value.toString());
        input.put(SIDE, side);
        input.put(ROW, ByteBuffer.wrap(encoder.encode(row)));
        out.collect(input);
    }

    /** The key column of join input rows: rows of equal keys meet in one task. */
    static List<GroupColumn> keyColumns() {
        return List.of(new GroupColumn("key", ColumnRead.of(SCHEMA.getField("key"))));
    }

    /** The Avro binary of the row in join input row {@code input}, a copy; null for a deletion. */
    static byte[] rowBytes(GenericRecord input) {
        ByteBuffer bytes = (ByteBuffer) input.get(ROW);
        if (bytes == null) {
            return null;
        }
        byte[] copy = new byte[bytes.remaining()];
        bytes.duplicate().get(copy);
        return copy;
    }

    /** A side's row from its Avro binary, as a join's state keeps it. */
    static GenericRecord decode(RowDecoder decoder, byte[] bytes) {
        DecodeResult result = decoder.decode(bytes);
        if (result instanceof DecodeResult.Decoded decoded) {
            return decoded.row();
        }
        throw new StateCorruptedException(
                "a row in a join's state cannot be read: "
                        + ((DecodeResult.DecodeError) result).message());
    }

    /** The input row of a table's record: its row under {@code key}, or the key's deletion. */
    public GenericRecord change(String key, GenericRecord row) {
        GenericData.Record input = new GenericData.Record(SCHEMA);
        input.put(KEY, key);
        input.put(SIDE, side);
        input.put(ROW, row == null ? null : ByteBuffer.wrap(encoder.encode(row)));
        return input;
    }

    @Override
    public String toString() {
        return (side == LEFT ? "left" : "right")
                + " join input on "
                + (key == null ? "the record key" : key.name());
    }
}
