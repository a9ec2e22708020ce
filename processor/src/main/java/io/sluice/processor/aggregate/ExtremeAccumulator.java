package io.sluice.processor.aggregate;

import java.io.IOException;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.Encoder;

/** An extreme accumulator keeps the smallest (min) or largest (max) non-null value added. */
final class ExtremeAccumulator extends Accumulator {
    private final ValueOrder order;
    private final boolean max;
    private final ValueCodec codec;
    private Object value;

    ExtremeAccumulator(ValueOrder order, boolean max, ValueCodec codec) {
        this.order = order;
        this.max = max;
        this.codec = codec;
    }

    @Override
    public void add(Object candidate) {
        if (candidate == null) {
            return;
        }
        if (value == null) {
            value = candidate;
            return;
        }
        int comparison = order.compare(candidate, value);
        if (max ? comparison > 0 : comparison < 0) {
            value = candidate;
        }
    }

    @Override
    public void merge(Accumulator later) {
        ExtremeAccumulator other = same(ExtremeAccumulator.class, later);
        if (other.max != max) {
            throw new IllegalArgumentException("cannot combine a min accumulator with a max one");
        }
        add(other.value);
    }

    @Override
    public Object result() {
        return value;
    }

    @Override
    void write(Encoder out) throws IOException {
        OptionalValues.write(codec, value, out);
    }

    static ExtremeAccumulator read(Decoder in, ValueOrder order, boolean max, ValueCodec codec)
            throws IOException {
        ExtremeAccumulator acc = new ExtremeAccumulator(order, max, codec);
        acc.value = OptionalValues.read(codec, in);
        return acc;
    }
}
