package io.sluice.processor.aggregate;

import java.io.IOException;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.Encoder;

/** A long sum adds ints and longs exactly into a long. */
final class LongSum extends SumAccumulator {
    private long sum;

    @Override
    public void add(Object value) {
        if (value != null) {
            sum = plus(sum, ((Number) value).longValue());
            count++;
        }
    }

    @Override
    public void merge(Accumulator later) {
        LongSum other = same(LongSum.class, later);
        sum = plus(sum, other.sum);
        count += other.count;
    }

    @Override
    public void subtract(Accumulator earlier) {
        LongSum other = same(LongSum.class, earlier);
        sum = Math.subtractExact(sum, other.sum);
        count -= other.count;
        if (count == 0) {
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
        out.writeLong(sum);
    }

    static LongSum read(Decoder in) throws IOException {
        LongSum acc = new LongSum();
        acc.count = readCount(in);
        acc.sum = in.readLong();
        return acc;
    }

    private static long plus(long a, long b) {
        long sum = a + b;
        // Overflow iff both operands have the sign opposite to the result's.
        if (((a ^ sum) & (b ^ sum)) < 0) {
            throw new ArithmeticException(
                    "sum overflows a long ("
                            + a
                            + " + "
                            + b
                            + "); sum a DECIMAL or DOUBLE instead");
        }
        return sum;
    }
}
