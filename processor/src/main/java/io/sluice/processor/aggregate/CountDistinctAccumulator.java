package io.sluice.processor.aggregate;

import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.Encoder;

/**
 * A count-distinct accumulator keeps the set of distinct non-null values, so the count stays exact
 * across merges; values are distinct as their row-convention objects are unequal.
 */
final class CountDistinctAccumulator extends Accumulator {
    private final ValueCodec codec;
    private final Set<Object> values = new HashSet<>();

    CountDistinctAccumulator(ValueCodec codec) {
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
        values.addAll(same(CountDistinctAccumulator.class, later).values);
    }

    @Override
    public Object result() {
        return (long) values.size();
    }

    @Override
    void write(Encoder out) throws IOException {
        out.writeLong(values.size());
        for (Object value : values) {
            codec.write(value, out);
        }
    }

    static CountDistinctAccumulator read(Decoder in, ValueCodec codec) throws IOException {
        CountDistinctAccumulator acc = new CountDistinctAccumulator(codec);
        long size = readCount(in);
        for (long i = 0; i < size; i++) {
            acc.values.add(codec.read(in));
        }
        return acc;
    }
}
