package io.sluice.processor.aggregate;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.Encoder;

/** A collect-list accumulator keeps every non-null value, in the order they arrived. */
final class CollectListAccumulator extends Accumulator {
    private final ValueCodec codec;
    private final ArrayList<Object> values = new ArrayList<>();

    CollectListAccumulator(ValueCodec codec) {
        this.codec = codec;
    }

    @Override
    public void add(Object value) {
        if (value != null) {
            values.add(value);
        }
    }

    @Override
    public void merge(Accumulator later) {
        values.addAll(same(CollectListAccumulator.class, later).values);
    }

    @Override
    public Object result() {
        return new ArrayList<>(values);
    }

    @Override
    void write(Encoder out) throws IOException {
        out.writeLong(values.size());
        for (Object value : values) {
            codec.write(value, out);
        }
    }

    static CollectListAccumulator read(Decoder in, ValueCodec codec) throws IOException {
        CollectListAccumulator acc = new CollectListAccumulator(codec);
        long size = readCount(in);
        List<Object> values = acc.values;
        for (long i = 0; i < size; i++) {
            values.add(codec.read(in));
        }
        return acc;
    }
}
