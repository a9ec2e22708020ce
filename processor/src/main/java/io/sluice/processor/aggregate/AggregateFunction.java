package io.sluice.processor.aggregate;

import io.sluice.processor.StateCorruptedException;
import io.sluice.serdes.Schemas;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.Optional;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.Encoder;
import org.apache.avro.io.EncoderFactory;

/**
 * An aggregate function is one of the aggregates (count, sum, avg, min, max, first, last,
 * collect_list, count_distinct, string_agg) bound to the Avro schema of its argument: it knows its
 * result schema and makes, writes and reads the accumulators that compute it.
 *
 * <p>Result schemas: count and count_distinct give {@code long}; sum of int or long gives a
 * nullable {@code long}, of float or double a nullable {@code double}, of {@code decimal(p,s)} a
 * nullable {@code decimal(min(38, p + 10), s)}; avg gives a nullable {@code double}; min, max,
 * first and last give the argument's type, nullable; collect_list gives an array of it; string_agg
 * (of text only) gives a nullable {@code string}.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class AggregateFunction {
    /** The version byte in front of a single accumulator's bytes. */
    static final byte FORMAT_VERSION = 1;

    private static final int MAX_DECIMAL_PRECISION = 38;
    private static final int SUM_EXTRA_DIGITS = 10;
    private static final Schema LONG = Schema.create(Schema.Type.LONG);
    private static final Schema DOUBLE = Schema.create(Schema.Type.DOUBLE);

    /** What an aggregate function computes. */
    public enum Kind {
        /** {@code count(*)}: the number of rows. */
        COUNT_ALL("count"),
        /** {@code count(x)}: the number of non-null values. */
        COUNT("count"),
        SUM("sum"),
        AVG("avg"),
        MIN("min"),
        MAX("max"),
        /** The first non-null value to arrive. */
        FIRST("first"),
        /** The last non-null value to arrive. */
        LAST("last"),
        /** Every non-null value, in arrival order. */
        COLLECT_LIST("collect_list"),
        /** The number of distinct non-null values, exactly. */
        COUNT_DISTINCT("count_distinct"),
        /**
         * Every non-null text value, in arrival order, joined with a delimiter; null when there is
         * none (Spark's {@code string_agg} and {@code listagg}).
         */
        STRING_AGG("string_agg");

        private final String sqlName;

        Kind(String sqlName) {
            this.sqlName = sqlName;
        }

        /** The function's name in SQL, lower case. */
        public String sqlName() {
            return sqlName;
        }

        /** Whether accumulators of this kind can subtract ({@link InvertibleAccumulator}). */
        public boolean isInvertible() {
            return this == COUNT_ALL || this == COUNT || this == SUM || this == AVG;
        }
    }

    /** How sum and avg add: in the result type of the sum. */
    private enum Numeric {
        LONG,
        DOUBLE,
        DECIMAL
    }

    private final Kind kind;
    private final Schema argumentSchema;
    private final Schema resultSchema;
    private final Numeric numeric;
    private final int precision;
    private final int scale;
    private final ValueOrder order;
    private final ValueCodec codec;
    private final Class<? extends Accumulator> accumulatorClass;
    private final String delimiter;

    private AggregateFunction(Kind kind, Schema argumentSchema) {
        this(kind, argumentSchema, null);
    }

    private AggregateFunction(Kind kind, Schema argumentSchema, String delimiter) {
        this.kind = kind;
        this.delimiter = delimiter;
        this.argumentSchema = argumentSchema;
        Schema value = argumentSchema == null ? null : Schemas.nonNull(argumentSchema);
        this.numeric = needsNumber(kind) ? numeric(kind, value) : null;
        LogicalType logical = value == null ? null : value.getLogicalType();
        this.scale = logical instanceof LogicalTypes.Decimal d ? d.getScale() : 0;
        this.precision =
                logical instanceof LogicalTypes.Decimal d
                        ? Math.min(MAX_DECIMAL_PRECISION, d.getPrecision() + SUM_EXTRA_DIGITS)
                        : 0;
        this.order = kind == Kind.MIN || kind == Kind.MAX ? order(kind, value) : null;
        this.codec = keepsValues(kind) ? new ValueCodec(value) : null;
        this.resultSchema = resultSchema(value);
        this.accumulatorClass = newAccumulator().getClass();
    }

    /** {@code count(*)}. */
    public static AggregateFunction countAll() {
        return new AggregateFunction(Kind.COUNT_ALL, null);
    }

    /**
     * The function {@code kind} over arguments of {@code argumentSchema} (the result schema of the
     * argument expression; a union with null when it may be null).
     *
     * @throws IllegalArgumentException when the function cannot take such values (sum of text, min
     *     of a record) or {@code kind} is {@link Kind#COUNT_ALL}, which takes no argument
     */
    public static AggregateFunction of(Kind kind, Schema argumentSchema) {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(argumentSchema, "argumentSchema");
        if (kind == Kind.COUNT_ALL) {
            throw new IllegalArgumentException(
                    "count(*) takes no argument; use countAll(), or COUNT for count(x)");
        }
        if (kind == Kind.STRING_AGG) {
            return stringAgg(argumentSchema, "");
        }
        return new AggregateFunction(kind, argumentSchema);
    }

    /**
     * {@code string_agg(x, delimiter)} over text values of {@code argumentSchema}: the non-null
     * values in arrival order joined with {@code delimiter}, null when there are none.
     *
     * @throws IllegalArgumentException when the values are not strings
     */
    public static AggregateFunction stringAgg(Schema argumentSchema, String delimiter) {
        Objects.requireNonNull(argumentSchema, "argumentSchema");
        Objects.requireNonNull(delimiter, "delimiter");
        Schema value = Schemas.nonNull(argumentSchema);
        if (value.getType() != Schema.Type.STRING) {
            throw new IllegalArgumentException(
                    "string_agg needs text, got "
                            + AggregateTypes.describe(value)
                            + "; CAST the argument AS STRING");
        }
        return new AggregateFunction(Kind.STRING_AGG, argumentSchema, delimiter);
    }

    /** The delimiter of {@code string_agg}; empty for other functions. */
    public Optional<String> delimiter() {
        return Optional.ofNullable(delimiter);
    }

    /** What the function computes. */
    public Kind kind() {
        return kind;
    }

    /** The schema of the argument values; empty for {@code count(*)}. */
    public Optional<Schema> argumentSchema() {
        return Optional.ofNullable(argumentSchema);
    }

    /** The Avro schema of {@link Accumulator#result()}; a union with null first when nullable. */
    public Schema resultSchema() {
        return resultSchema;
    }

    /** Whether this function's accumulators are {@link InvertibleAccumulator}s. */
    public boolean isInvertible() {
        return kind.isInvertible();
    }

    /**
     * Whether subtracting gives exactly the result of never having added, whatever the order:
     * counts, and sums and averages of integers and decimals. Sums of floats and doubles are
     * invertible but round differently depending on the order of additions and subtractions.
     */
    public boolean isExactlyInvertible() {
        return isInvertible() && numeric != Numeric.DOUBLE;
    }

    /** A new, empty accumulator: its result is 0 for counts, null or an empty list otherwise. */
    public Accumulator newAccumulator() {
        switch (kind) {
            case COUNT_ALL:
            case COUNT:
                return new CountAccumulator();
            case SUM:
                return newSum();
            case AVG:
                return new AvgAccumulator(newSum());
            case MIN:
            case MAX:
                return new ExtremeAccumulator(order, kind == Kind.MAX, codec);
            case FIRST:
                return new FirstAccumulator(codec);
            case LAST:
                return new LastAccumulator(codec);
            case COLLECT_LIST:
                return new CollectListAccumulator(codec);
            case COUNT_DISTINCT:
                return new CountDistinctAccumulator(codec);
            case STRING_AGG:
                return new StringAggAccumulator(delimiter);
            default:
                throw new AssertionError(kind);
        }
    }

    /** The accumulator's state as compact bytes: a version byte, then the state. */
    public byte[] toBytes(Accumulator accumulator) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(16);
        BinaryEncoder out = EncoderFactory.get().directBinaryEncoder(bytes, null);
        try {
            bytes.write(FORMAT_VERSION);
            write(accumulator, out);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * The accumulator {@link #toBytes} wrote.
     *
     * @throws StateCorruptedException when the bytes are not an accumulator of this function in a
     *     known version (corrupt or foreign state)
     */
    public Accumulator fromBytes(byte[] bytes) {
        if (bytes.length == 0 || bytes[0] != FORMAT_VERSION) {
            throw new StateCorruptedException(
                    "accumulator bytes of "
                            + this
                            + " start with version "
                            + (bytes.length == 0 ? "(none)" : Byte.toString(bytes[0]))
                            + ", expected "
                            + FORMAT_VERSION);
        }
        BinaryDecoder in = DecoderFactory.get().binaryDecoder(bytes, 1, bytes.length - 1, null);
        try {
            Accumulator accumulator = read(in);
            if (!in.isEnd()) {
                throw new IOException("bytes left over after the accumulator");
            }
            return accumulator;
        } catch (IOException | RuntimeException e) {
            throw new StateCorruptedException("corrupt accumulator bytes of " + this, e);
        }
    }

    /** Writes the accumulator's state, without a version byte. */
    void write(Accumulator accumulator, Encoder out) throws IOException {
        if (accumulator.getClass() != accumulatorClass) {
            throw new IllegalArgumentException(
                    accumulator.getClass().getSimpleName() + " is not an accumulator of " + this);
        }
        accumulator.write(out);
    }

    /** Reads what {@link #write} wrote. */
    Accumulator read(Decoder in) throws IOException {
        switch (kind) {
            case COUNT_ALL:
            case COUNT:
                return CountAccumulator.read(in);
            case SUM:
                return readSum(in);
            case AVG:
                return new AvgAccumulator(readSum(in));
            case MIN:
            case MAX:
                return ExtremeAccumulator.read(in, order, kind == Kind.MAX, codec);
            case FIRST:
                return FirstAccumulator.read(in, codec);
            case LAST:
                return LastAccumulator.read(in, codec);
            case COLLECT_LIST:
                return CollectListAccumulator.read(in, codec);
            case COUNT_DISTINCT:
                return CountDistinctAccumulator.read(in, codec);
            case STRING_AGG:
                return StringAggAccumulator.read(in, delimiter);
            default:
                throw new AssertionError(kind);
        }
    }

    /**
     * The function as SQL with its argument type, such as {@code sum(int)} or {@code
     * string_agg(string, ',')}.
     */
    @Override
    public String toString() {
        return kind.sqlName()
                + "("
                + (argumentSchema == null
                        ? "*"
                        : AggregateTypes.describe(Schemas.nonNull(argumentSchema)))
                + (delimiter == null ? "" : ", '" + delimiter.replace("'", "''") + "'")
                + ")";
    }

    private SumAccumulator newSum() {
        switch (numeric) {
            case LONG:
                return new LongSum();
            case DOUBLE:
                return new DoubleSum();
            default:
                return new DecimalSum(precision, scale);
        }
    }

    private SumAccumulator readSum(Decoder in) throws IOException {
        switch (numeric) {
            case LONG:
                return LongSum.read(in);
            case DOUBLE:
                return DoubleSum.read(in);
            default:
                return DecimalSum.read(in, precision, scale);
        }
    }

    private Schema resultSchema(Schema value) {
        switch (kind) {
            case COUNT_ALL:
            case COUNT:
            case COUNT_DISTINCT:
                return LONG;
            case SUM:
                return AggregateTypes.nullable(sumSchema());
            case AVG:
                return AggregateTypes.nullable(DOUBLE);
            case COLLECT_LIST:
                return Schema.createArray(value);
            case STRING_AGG:
                return AggregateTypes.nullable(Schema.create(Schema.Type.STRING));
            default:
                return AggregateTypes.nullable(value);
        }
    }

    private Schema sumSchema() {
        switch (numeric) {
            case LONG:
                return LONG;
            case DOUBLE:
                return DOUBLE;
            default:
                return LogicalTypes.decimal(precision, scale)
                        .addToSchema(Schema.create(Schema.Type.BYTES));
        }
    }

    private static boolean needsNumber(Kind kind) {
        return kind == Kind.SUM || kind == Kind.AVG;
    }

    private static boolean keepsValues(Kind kind) {
        return kind != Kind.COUNT_ALL
                && kind != Kind.COUNT
                && kind != Kind.STRING_AGG
                && !needsNumber(kind);
    }

    private static Numeric numeric(Kind kind, Schema value) {
        LogicalType logical = value.getLogicalType();
        if (logical instanceof LogicalTypes.Decimal) {
            return Numeric.DECIMAL;
        }
        if (logical == null) {
            switch (value.getType()) {
                case INT:
                case LONG:
                    return Numeric.LONG;
                case FLOAT:
                case DOUBLE:
                    return Numeric.DOUBLE;
                default:
                    break;
            }
        }
        throw new IllegalArgumentException(
                kind.sqlName()
                        + " needs a number (int, long, float, double or decimal), got "
                        + AggregateTypes.describe(value)
                        + "; CAST the argument to a number");
    }

    private static ValueOrder order(Kind kind, Schema value) {
        ValueOrder order = ValueOrder.of(value);
        if (order == null) {
            throw new IllegalArgumentException(
                    kind.sqlName()
                            + " needs values that can be ordered (numbers, text, booleans, dates,"
                            + " timestamps, enums), got "
                            + AggregateTypes.describe(value));
        }
        return order;
    }
}
