package io.sluice.processor.aggregate;

import io.sluice.processor.StateCorruptedException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.Encoder;
import org.apache.avro.io.EncoderFactory;

/**
 * An accumulator codec writes and reads the accumulators of one group, one per function of an
 * aggregation step in order, as compact bytes: a version byte, then each accumulator's state.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class AccumulatorCodec {
    private final List<AggregateFunction> functions;

    /** A codec for accumulators of {@code functions}, in that order. */
    public AccumulatorCodec(List<AggregateFunction> functions) {
        this.functions = List.copyOf(functions);
    }

    /** The functions, in the order of the accumulators. */
    public List<AggregateFunction> functions() {
        return functions;
    }

    /** A new, empty accumulator per function. */
    public Accumulator[] newAccumulators() {
        Accumulator[] accumulators = new Accumulator[functions.size()];
        for (int i = 0; i < accumulators.length; i++) {
            accumulators[i] = functions.get(i).newAccumulator();
        }
        return accumulators;
    }

    /**
     * Merges each of {@code later} into the accumulator of {@code earlier} at the same position
     * (see {@link Accumulator#merge}); {@code later} is left unchanged.
     */
    public static void merge(Accumulator[] earlier, Accumulator[] later) {
        if (earlier.length != later.length) {
            throw new IllegalArgumentException(
                    "cannot merge " + later.length + " accumulators into " + earlier.length);
        }
        for (int i = 0; i < earlier.length; i++) {
            earlier[i].merge(later[i]);
        }
    }

    /** The accumulators as bytes: the version byte, then {@link #write}. */
    public byte[] encode(Accumulator[] accumulators) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(8 * functions.size() + 1);
        BinaryEncoder out = EncoderFactory.get().directBinaryEncoder(bytes, null);
        try {
            bytes.write(AggregateFunction.FORMAT_VERSION);
            write(accumulators, out);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * The accumulators {@link #encode} wrote.
     *
     * @throws StateCorruptedException when the bytes are not such accumulators in a known version
     */
    public Accumulator[] decode(byte[] bytes) {
        if (bytes.length == 0 || bytes[0] != AggregateFunction.FORMAT_VERSION) {
            throw new StateCorruptedException(
                    "aggregation state starts with version "
                            + (bytes.length == 0 ? "(none)" : Byte.toString(bytes[0]))
                            + ", expected "
                            + AggregateFunction.FORMAT_VERSION);
        }
        BinaryDecoder in = DecoderFactory.get().binaryDecoder(bytes, 1, bytes.length - 1, null);
        try {
            Accumulator[] accumulators = read(in);
            if (!in.isEnd()) {
                throw new IOException("bytes left over after the accumulators");
            }
            return accumulators;
        } catch (IOException | RuntimeException e) {
            throw new StateCorruptedException("corrupt aggregation state for " + functions, e);
        }
    }

    /**
     * Writes the accumulators without a version byte, for callers that embed them in a value of
     * their own (which then carries the version).
     */
    public void write(Accumulator[] accumulators, Encoder out) throws IOException {
        if (accumulators.length != functions.size()) {
            throw new IllegalArgumentException(
                    "expected " + functions.size() + " accumulators, got " + accumulators.length);
        }
        for (int i = 0; i < accumulators.length; i++) {
            functions.get(i).write(accumulators[i], out);
        }
    }

    /** Reads what {@link #write} wrote. */
    public Accumulator[] read(Decoder in) throws IOException {
        Accumulator[] accumulators = new Accumulator[functions.size()];
        for (int i = 0; i < accumulators.length; i++) {
            accumulators[i] = functions.get(i).read(in);
        }
        return accumulators;
    }
}
