package io.sluice.processor.stateful.groupstate;

import io.sluice.processor.StateCorruptedException;
import io.sluice.serdes.Rows;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;

/**
 * A state codec turns a group's state into bytes for RocksDB and the changelog, and back. The store
 * wraps these bytes in a value with a format version byte and the key's timeout, so a codec writes
 * the state only.
 *
 * <p>Implementations must be thread-safe, and {@code decode(encode(s))} must equal {@code s}.
 *
 * @param <S> the state's type
 */
public interface StateCodec<S> {

    /** The bytes of {@code state}, which is never null. */
    byte[] encode(S state);

    /**
     * The state {@link #encode} wrote.
     *
     * @throws StateCorruptedException when the bytes are not such a state
     */
    S decode(byte[] bytes);

    /** Longs, as 8 bytes big-endian. */
    static StateCodec<Long> longs() {
        return new StateCodec<>() {
            @Override
            public byte[] encode(Long state) {
                return ByteBuffer.allocate(Long.BYTES).putLong(state).array();
            }

            @Override
            public Long decode(byte[] bytes) {
                if (bytes.length != Long.BYTES) {
                    throw new StateCorruptedException(
                            "a long state takes 8 bytes, got " + bytes.length);
                }
                return ByteBuffer.wrap(bytes).getLong();
            }
        };
    }

    /** Strings, as UTF-8. */
    static StateCodec<String> strings() {
        return new StateCodec<>() {
            @Override
            public byte[] encode(String state) {
                return state.getBytes(StandardCharsets.UTF_8);
            }

            @Override
            public String decode(byte[] bytes) {
                return new String(bytes, StandardCharsets.UTF_8);
            }
        };
    }

    /**
     * Avro records of {@code schema}, as Avro binary; decoded records follow the row conventions
     * (strings are {@link String}s). A schema change needs a new step name or a migration: the
     * bytes carry no schema.
     */
    static StateCodec<GenericRecord> avro(Schema schema) {
        if (schema.getType() != Schema.Type.RECORD) {
            throw new IllegalArgumentException(
                    "an Avro state codec needs a record schema, got " + schema.getType());
        }
        GenericDatumWriter<Object> writer = new GenericDatumWriter<>(schema, Rows.genericData());
        GenericDatumReader<Object> reader =
                new GenericDatumReader<>(schema, schema, Rows.genericData());
        return new StateCodec<>() {
            @Override
            public byte[] encode(GenericRecord state) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
                BinaryEncoder out = EncoderFactory.get().directBinaryEncoder(bytes, null);
                try {
                    writer.write(state, out);
                    out.flush();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return bytes.toByteArray();
            }

            @Override
            public GenericRecord decode(byte[] bytes) {
                BinaryDecoder in = DecoderFactory.get().binaryDecoder(bytes, null);
                try {
                    Object state = Rows.normalize(reader.read(null, in));
                    if (!in.isEnd()) {
                        throw new IOException("bytes left over after the state");
                    }
                    return (GenericRecord) state;
                } catch (IOException | RuntimeException e) {
                    throw new StateCorruptedException(
                            "corrupt " + schema.getFullName() + " state", e);
                }
            }
        };
    }
}
