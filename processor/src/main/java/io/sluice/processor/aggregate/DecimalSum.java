package io.sluice.processor.aggregate;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.Encoder;

/**
 * A decimal sum adds decimals exactly at the argument's scale; a result with more digits than the
 * result precision is an error.
 */
final class DecimalSum extends SumAccumulator {
    private final int precision;
    private final int scale;
    private BigDecimal sum;

    DecimalSum(int precision, int scale) {
        this.precision = precision;
        this.scale = scale;
        this.sum = BigDecimal.ZERO.setScale(scale);
    }

    @Override
    public void add(Object value) {
        if (value != null) {
            sum = checked(sum.add((BigDecimal) value));
            count++;
        }
    }

    @Override
    public void merge(Accumulator later) {
        DecimalSum other = same(DecimalSum.class, later);
        sum = checked(sum.add(other.sum));
        count += other.count;
    }

    @Override
    public void subtract(Accumulator earlier) {
        DecimalSum other = same(DecimalSum.class, earlier);
        sum = sum.subtract(other.sum);
        count -= other.count;
    }

    @Override
    public Object result() {
        return count == 0 ? null : sum.setScale(scale);
    }

    @Override
    double doubleValue() {
        return sum.doubleValue();
    }

    /** The sum itself, for avg of decimals. */
    BigDecimal decimal() {
        return sum;
    }

    @Override
    void write(Encoder out) throws IOException {
        out.writeLong(count);
        out.writeBytes(sum.setScale(scale).unscaledValue().toByteArray());
    }

    static DecimalSum read(Decoder in, int precision, int scale) throws IOException {
        DecimalSum acc = new DecimalSum(precision, scale);
        acc.count = readCount(in);
        ByteBuffer unscaled = in.readBytes(null);
        byte[] bytes = new byte[unscaled.remaining()];
        unscaled.get(bytes);
        if (bytes.length == 0) {
            throw new IOException("empty decimal in sum accumulator bytes");
        }
        acc.sum = new BigDecimal(new BigInteger(bytes), scale);
        return acc;
    }

    private BigDecimal checked(BigDecimal value) {
        if (value.precision() - value.scale() > precision - scale) {
            throw new ArithmeticException(
                    "sum "
                            + value.toPlainString()
                            + " does not fit decimal("
                            + precision
                            + ","
                            + scale
                            + ")");
        }
        return value;
    }
}
