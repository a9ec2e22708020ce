package io.sluice.processor.aggregate;

import java.io.IOException;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.Encoder;

/** A first accumulator keeps the first non-null value to arrive. */
final class FirstAccumulator extends Accumulator {
    private final ValueCodec codec;
    private Object value;

    FirstAccumulator(ValueCodec codec) {
        this.codec = codec;
    }

    @Override
    public void add(Object candidate) {
        if (value == null) {
            value = candidate;
        }
    }

    @Override
    public void merge(Accumulator later) {
        add(same(FirstAccumulator.class, later).value);
    }

    @Override
    public Object result() {
        return value;
    }

    @Override
    void write(Encoder out) throws IOException {
        OptionalValues.write(codec, value, out);
    }

    static FirstAccumulator read(Decoder in, ValueCodec codec) throws IOException {
        FirstAccumulator acc = new FirstAccumulator(codec);
        acc.value = OptionalValues.read(codec, in);
        return acc;
    }
}
