package io.sluice.processor.aggregate;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.Encoder;

/**
 * A string-agg accumulator keeps every non-null text value, in the order they arrived, and joins
 * them with the function's delimiter: null while it holds none.
 *
 * <p>The delimiter is not part of the state, so state written with one delimiter reads back under
 * another.
 */
final class StringAggAccumulator extends Accumulator {
    private final String delimiter;
    private final ArrayList<String> values = new ArrayList<>();

    StringAggAccumulator(String delimiter) {
        this.delimiter = delimiter;
    }

    @Override
    public void add(Object value) {
        if (value != null) {
            values.add(value.toString());
        }
    }

    @Override
    public void merge(Accumulator later) {
        values.addAll(same(StringAggAccumulator.class, later).values);
    }

    @Override
    public Object result() {
        return values.isEmpty() ? null : String.join(delimiter, values);
    }

    @Override
    void write(Encoder out) throws IOException {
        out.writeLong(values.size());
        for (String value : values) {
            out.writeString(value);
        }
    }

    static StringAggAccumulator read(Decoder in, String delimiter) throws IOException {
        StringAggAccumulator acc = new StringAggAccumulator(delimiter);
        long size = readCount(in);
        List<String> values = acc.values;
        for (long i = 0; i < size; i++) {
            values.add(in.readString());
        }
        return acc;
    }
}
