package io.sluice.processor.aggregate;

import java.io.IOException;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.Encoder;

/** A count accumulator counts the non-null values added; {@code count(*)} adds a marker per row. */
final class CountAccumulator extends InvertibleAccumulator {
    private long count;

    CountAccumulator() {}

    private CountAccumulator(long count) {
        this.count = count;
    }

    @Override
    public void add(Object value) {
        if (value != null) {
            count++;
        }
    }

    @Override
    public void merge(Accumulator later) {
        count += same(CountAccumulator.class, later).count;
    }

    @Override
    public void subtract(Accumulator earlier) {
        count -= same(CountAccumulator.class, earlier).count;
    }

    @Override
    public Object result() {
        return count;
    }

    @Override
    void write(Encoder out) throws IOException {
        out.writeLong(count);
    }

    static CountAccumulator read(Decoder in) throws IOException {
        return new CountAccumulator(readCount(in));
    }
}
