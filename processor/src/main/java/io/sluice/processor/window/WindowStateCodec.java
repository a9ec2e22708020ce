package io.sluice.processor.window;

import io.sluice.processor.StateCorruptedException;
import io.sluice.processor.aggregate.Accumulator;
import io.sluice.processor.aggregate.AccumulatorCodec;
import io.sluice.serdes.Rows;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
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
 * The window state codec turns the parts of a window state into bytes for RocksDB and the
 * changelog, and back: the group key (Avro binary of the group columns; the store appends the
 * window start to make the state key) and the value (a version byte, the window's length, then the
 * accumulators).
 *
 * <p>Instances are thread-safe.
 */
public final class WindowStateCodec {
    /** The version byte in front of every value. */
    static final byte FORMAT_VERSION = 1;

    private final Schema groupSchema;
    private final GenericDatumWriter<Object> groupWriter;
    private final GenericDatumReader<Object> groupReader;
    private final AccumulatorCodec accumulators;

    WindowStateCodec(AggregationPlan plan, AccumulatorCodec accumulators) {
        this.groupSchema = plan.groupSchema();
        this.groupWriter = new GenericDatumWriter<>(groupSchema, Rows.genericData());
        this.groupReader = new GenericDatumReader<>(groupSchema, groupSchema, Rows.genericData());
        this.accumulators = accumulators;
    }

    /** The bytes of {@code group}; equal keys give equal bytes. Empty without group-by. */
    public byte[] encodeGroup(GroupKey group) {
        GenericData.Record record = new GenericData.Record(groupSchema);
        for (int i = 0; i < group.size(); i++) {
            record.put(i, group.get(i));
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(16);
        BinaryEncoder out = EncoderFactory.get().directBinaryEncoder(bytes, null);
        try {
            groupWriter.write(record, out);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * The group key {@link #encodeGroup} wrote.
     *
     * @throws StateCorruptedException when the bytes are not a group key of this plan
     */
    public GroupKey decodeGroup(byte[] bytes) {
        BinaryDecoder in = DecoderFactory.get().binaryDecoder(bytes, null);
        try {
            GenericRecord record = (GenericRecord) Rows.normalize(groupReader.read(null, in));
            if (!in.isEnd()) {
                throw new IOException("bytes left over after the group key");
            }
            Object[] values = new Object[groupSchema.getFields().size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = record.get(i);
            }
            return GroupKey.of(values);
        } catch (IOException | RuntimeException e) {
            throw new StateCorruptedException("corrupt group key in window state", e);
        }
    }

    /** The bytes of {@code state}'s value: version, window length, accumulators. */
    public byte[] encodeValue(WindowState state) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(32);
        BinaryEncoder out = EncoderFactory.get().directBinaryEncoder(bytes, null);
        try {
            bytes.write(FORMAT_VERSION);
            // Wraps for the global window [MIN, MAX), and wraps back when decoded.
            out.writeLong(state.endMs() - state.startMs());
            accumulators.write(state.accumulators(), out);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * The state of the window of {@code group} starting at {@code startMs} whose value {@link
     * #encodeValue} wrote, with fresh accumulators.
     *
     * @throws StateCorruptedException when the bytes are not such a value in a known version
     */
    public WindowState decodeValue(GroupKey group, long startMs, byte[] value) {
        if (value.length == 0 || value[0] != FORMAT_VERSION) {
            throw new StateCorruptedException(
                    "window state of "
                            + group
                            + " at "
                            + startMs
                            + " starts with version "
                            + (value.length == 0 ? "(none)" : Byte.toString(value[0]))
                            + ", expected "
                            + FORMAT_VERSION);
        }
        BinaryDecoder in = DecoderFactory.get().binaryDecoder(value, 1, value.length - 1, null);
        try {
            long lengthMs = in.readLong();
            Accumulator[] state = accumulators.read(in);
            if (!in.isEnd()) {
                throw new IOException("bytes left over after the accumulators");
            }
            return new WindowState(group, new TimeWindow(startMs, startMs + lengthMs), state);
        } catch (IOException | RuntimeException e) {
            throw new StateCorruptedException(
                    "corrupt window state of " + group + " at " + startMs, e);
        }
    }
}
