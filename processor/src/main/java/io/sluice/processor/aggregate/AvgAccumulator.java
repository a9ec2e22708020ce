package io.sluice.processor.aggregate;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import org.apache.avro.io.Encoder;

/**
 * An avg accumulator keeps the sum and the count of the non-null values and divides at the end, as
 * a double; the average of no values is null.
 */
final class AvgAccumulator extends InvertibleAccumulator {
    private final SumAccumulator sum;

    AvgAccumulator(SumAccumulator sum) {
        this.sum = sum;
    }

    @Override
    public void add(Object value) {
        sum.add(value);
    }

    @Override
    public void merge(Accumulator later) {
        sum.merge(same(AvgAccumulator.class, later).sum);
    }

    @Override
    public void subtract(Accumulator earlier) {
        sum.subtract(same(AvgAccumulator.class, earlier).sum);
    }

    @Override
    public Object result() {
        if (sum.count == 0) {
            return null;
        }
        if (sum instanceof DecimalSum decimal) {
            // Divide exactly first so that large decimal sums keep their digits.
            return decimal.decimal()
                    .divide(BigDecimal.valueOf(sum.count), MathContext.DECIMAL128)
                    .doubleValue();
        }
        return sum.doubleValue() / sum.count;
    }

    @Override
    void write(Encoder out) throws IOException {
        sum.write(out);
    }
}
