package io.sluice.processor.aggregate;

import java.io.IOException;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.Encoder;

/** A double sum adds floats and doubles into a double, with IEEE 754 rounding. */
final class DoubleSum extends SumAccumulator {
    private double sum;

    @Override
    public void add(Object value) {
        if (value != null) {
            sum += ((Number) value).doubleValue();
            count++;
        }
    }

    @Override
    public void merge(Accumulator later) {
        DoubleSum other = same(DoubleSum.class, later);
        sum += other.sum;
        count += other.count;
    }

    @Override
    public void subtract(Accumulator earlier) {
        DoubleSum other = same(DoubleSum.class, earlier);
        sum -= other.sum;
        count -= other.count;
        if (count == 0) {
            // Forget the rounding error left by adding and subtracting the same values.
            sum = 0;
        }
    }

    @Override
    public Object result() {
        return count == 0 ? null : (Object) sum;
    }

    @Override
    double doubleValue() {
        return sum;
    }

    @Override
    void write(Encoder out) throws IOException {
        out.writeLong(count);
        out.writeDouble(sum);
    }

    static DoubleSum read(Decoder in) throws IOException {
        DoubleSum acc = new DoubleSum();
        acc.count = readCount(in);
        acc.sum = in.readDouble();
        return acc;
    }
}
