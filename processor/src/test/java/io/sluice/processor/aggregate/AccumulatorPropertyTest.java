package io.sluice.processor.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.processor.aggregate.AggregateFunction.Kind;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Properties every accumulator keeps, on seeded random values (with nulls): merging partial
 * accumulators equals adding sequentially, bytes round-trip, and subtract undoes merge.
 */
class AccumulatorPropertyTest {
    private static final long SEED = 20240611L;
    private static final int TRIALS = 200;
    private static final Schema INT = Schema.create(Schema.Type.INT);
    private static final Schema LONG = Schema.create(Schema.Type.LONG);
    private static final Schema DOUBLE = Schema.create(Schema.Type.DOUBLE);
    private static final Schema STRING = Schema.create(Schema.Type.STRING);
    private static final Schema DECIMAL =
            LogicalTypes.decimal(12, 2).addToSchema(Schema.create(Schema.Type.BYTES));

    /** A function under test and how to draw one of its values. */
    record Case(String name, AggregateFunction function, Function<Random, Object> values) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> functions() {
        Function<Random, Object> ints = r -> r.nextInt(21) - 10;
        Function<Random, Object> longs = r -> (long) r.nextInt(2001) - 1000;
        // Quarters add exactly in a double, so any order of addition gives the same sum.
        Function<Random, Object> doubles = r -> (r.nextInt(401) - 200) / 4.0;
        Function<Random, Object> decimals = r -> BigDecimal.valueOf(r.nextInt(200001) - 100000, 2);
        Function<Random, Object> strings = r -> "s" + r.nextInt(12);
        return Stream.of(
                new Case("count(*)", AggregateFunction.countAll(), r -> Boolean.TRUE),
                new Case("count(int)", AggregateFunction.of(Kind.COUNT, INT), ints),
                new Case("sum(int)", AggregateFunction.of(Kind.SUM, INT), ints),
                new Case("sum(long)", AggregateFunction.of(Kind.SUM, LONG), longs),
                new Case("sum(double)", AggregateFunction.of(Kind.SUM, DOUBLE), doubles),
                new Case("sum(decimal)", AggregateFunction.of(Kind.SUM, DECIMAL), decimals),
                new Case("avg(long)", AggregateFunction.of(Kind.AVG, LONG), longs),
                new Case("avg(double)", AggregateFunction.of(Kind.AVG, DOUBLE), doubles),
                new Case("avg(decimal)", AggregateFunction.of(Kind.AVG, DECIMAL), decimals),
                new Case("min(int)", AggregateFunction.of(Kind.MIN, INT), ints),
                new Case("max(string)", AggregateFunction.of(Kind.MAX, STRING), strings),
                new Case("max(decimal)", AggregateFunction.of(Kind.MAX, DECIMAL), decimals),
                new Case("first(string)", AggregateFunction.of(Kind.FIRST, STRING), strings),
                new Case("last(long)", AggregateFunction.of(Kind.LAST, LONG), longs),
                new Case("collect_list(int)", AggregateFunction.of(Kind.COLLECT_LIST, INT), ints),
                new Case(
                        "count_distinct(string)",
                        AggregateFunction.of(Kind.COUNT_DISTINCT, STRING),
                        strings));
    }

    static Stream<Case> invertibleFunctions() {
        return functions().filter(c -> c.function().isInvertible());
    }

    @ParameterizedTest
    @MethodSource("functions")
    void shouldEqualSequentialAddsWhenPartialAccumulatorsMergeInOrder(Case c) {
        Random random = new Random(SEED);
        for (int trial = 0; trial < TRIALS; trial++) {
            List<Object> values = values(c, random);
            List<List<Object>> chunks = chunks(values, random);

            Accumulator merged = c.function().newAccumulator();
            for (List<Object> chunk : chunks) {
                merged.merge(roundTrip(c, accumulate(c, chunk)));
            }

            assertThat(merged.result())
                    .as("trial %s, chunks %s", trial, chunks)
                    .isEqualTo(accumulate(c, values).result());
        }
    }

    @ParameterizedTest
    @MethodSource("functions")
    void shouldKeepResultWhenAccumulatorRoundTripsThroughBytes(Case c) {
        Random random = new Random(SEED + 1);
        for (int trial = 0; trial < TRIALS; trial++) {
            Accumulator accumulator = accumulate(c, values(c, random));

            byte[] bytes = c.function().toBytes(accumulator);
            Accumulator read = c.function().fromBytes(bytes);

            assertThat(bytes[0]).isEqualTo(AggregateFunction.FORMAT_VERSION);
            assertThat(read.result()).as("trial %s", trial).isEqualTo(accumulator.result());
            assertThat(read.getClass()).isEqualTo(accumulator.getClass());
        }
    }

    @ParameterizedTest
    @MethodSource("invertibleFunctions")
    void shouldUndoMergeWhenSubtractingTheSameAccumulator(Case c) {
        Random random = new Random(SEED + 2);
        for (int trial = 0; trial < TRIALS; trial++) {
            Accumulator earlier = accumulate(c, values(c, random));
            Accumulator later = accumulate(c, values(c, random));
            InvertibleAccumulator window = (InvertibleAccumulator) roundTrip(c, earlier);
            window.merge(later);

            window.subtract(later);

            assertThat(window.result()).as("trial %s", trial).isEqualTo(earlier.result());
        }
    }

    @ParameterizedTest
    @MethodSource("invertibleFunctions")
    void shouldBeEmptyAgainWhenEverythingIsSubtracted(Case c) {
        Random random = new Random(SEED + 3);
        for (int trial = 0; trial < TRIALS; trial++) {
            Accumulator pane = accumulate(c, values(c, random));
            InvertibleAccumulator window = (InvertibleAccumulator) c.function().newAccumulator();
            window.merge(pane);

            window.subtract(pane);

            assertThat(window.result())
                    .as("trial %s", trial)
                    .isEqualTo(c.function().newAccumulator().result());
        }
    }

    private static List<Object> values(Case c, Random random) {
        int size = random.nextInt(30);
        List<Object> values = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            values.add(random.nextInt(5) == 0 ? null : c.values().apply(random));
        }
        return values;
    }

    private static List<List<Object>> chunks(List<Object> values, Random random) {
        List<List<Object>> chunks = new ArrayList<>();
        int from = 0;
        while (from < values.size()) {
            int until = from + 1 + random.nextInt(values.size() - from);
            chunks.add(values.subList(from, until));
            from = until;
        }
        if (chunks.isEmpty() || random.nextBoolean()) {
            chunks.add(List.of());
        }
        return chunks;
    }

    private static Accumulator accumulate(Case c, List<Object> values) {
        Accumulator accumulator = c.function().newAccumulator();
        for (Object value : values) {
            accumulator.add(value);
        }
        return accumulator;
    }

    private static Accumulator roundTrip(Case c, Accumulator accumulator) {
        return c.function().fromBytes(c.function().toBytes(accumulator));
    }
}
