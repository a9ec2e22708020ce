package io.sluice.processor.aggregate;

import java.io.IOException;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.Encoder;

/** A last accumulator keeps the last non-null value to arrive. */
final class LastAccumulator extends Accumulator {
    private final ValueCodec codec;
    private Object value;

    LastAccumulator(ValueCodec codec) {
        this.codec = codec;
    }

    @Override
    public void add(Object candidate) {
        if (candidate != null) {
            value = candidate;
        }
    }

    @Override
    public void merge(Accumulator later) {
        add(same(LastAccumulator.class, later).value);
    }

    @Override
    public Object result() {
        return value;
    }

    @Override
    void write(Encoder out) throws IOException {
        OptionalValues.write(codec, value, out);
    }

    static LastAccumulator read(Decoder in, ValueCodec codec) throws IOException {
        LastAccumulator acc = new LastAccumulator(codec);
        acc.value = OptionalValues.read(codec, in);
        return acc;
    }
}
