package io.sluice.processor.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.processor.aggregate.AggregateFunction.Kind;
import io.sluice.serdes.Schemas;
import java.math.BigDecimal;
import java.util.List;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.junit.jupiter.api.Test;

class AggregateFunctionTest {
    private static final Schema INT = Schema.create(Schema.Type.INT);
    private static final Schema LONG = Schema.create(Schema.Type.LONG);
    private static final Schema DOUBLE = Schema.create(Schema.Type.DOUBLE);
    private static final Schema STRING = Schema.create(Schema.Type.STRING);
    private static final Schema NULL = Schema.create(Schema.Type.NULL);
    private static final Schema NULLABLE_INT =
            Schema.createUnion(Schema.create(Schema.Type.NULL), INT);
    private static final Schema DECIMAL =
            LogicalTypes.decimal(10, 2).addToSchema(Schema.create(Schema.Type.BYTES));
    private static final Schema TIMESTAMP =
            LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG));

    @Test
    void shouldCountEveryRowWhenCountAll() {
        Accumulator count = AggregateFunction.countAll().newAccumulator();

        count.add(Boolean.TRUE);
        count.add(Boolean.TRUE);

        assertThat(count.result()).isEqualTo(2L);
        assertThat(AggregateFunction.countAll().resultSchema()).isEqualTo(LONG);
    }

    @Test
    void shouldCountOnlyNonNullValuesWhenCountingAnExpression() {
        Accumulator count = AggregateFunction.of(Kind.COUNT, NULLABLE_INT).newAccumulator();

        addAll(count, 1, null, 3, null);

        assertThat(count.result()).isEqualTo(2L);
    }

    @Test
    void shouldBeZeroCountAndNullSumWhenAllValuesAreNull() {
        Accumulator count = AggregateFunction.of(Kind.COUNT, NULLABLE_INT).newAccumulator();
        Accumulator sum = AggregateFunction.of(Kind.SUM, NULLABLE_INT).newAccumulator();
        Accumulator avg = AggregateFunction.of(Kind.AVG, NULLABLE_INT).newAccumulator();

        addAll(count, null, null);
        addAll(sum, null, null);
        addAll(avg, null, null);

        assertThat(count.result()).isEqualTo(0L);
        assertThat(sum.result()).isNull();
        assertThat(avg.result()).isNull();
    }

    @Test
    void shouldSumIntsIntoNullableLongWhenArgumentIsInt() {
        AggregateFunction sum = AggregateFunction.of(Kind.SUM, INT);
        Accumulator accumulator = sum.newAccumulator();

        addAll(accumulator, 500, 300, null);

        assertThat(accumulator.result()).isEqualTo(800L);
        assertThat(sum.resultSchema()).isEqualTo(nullable(LONG));
    }

    @Test
    void shouldSumIntoDoubleWhenArgumentIsFloatOrDouble() {
        AggregateFunction sum = AggregateFunction.of(Kind.SUM, Schema.create(Schema.Type.FLOAT));
        Accumulator accumulator = sum.newAccumulator();

        addAll(accumulator, 1.5f, 2.25f);

        assertThat(accumulator.result()).isEqualTo(3.75);
        assertThat(sum.resultSchema()).isEqualTo(nullable(DOUBLE));
    }

    @Test
    void shouldSumDecimalsExactlyWithTenMoreDigitsWhenArgumentIsDecimal() {
        AggregateFunction sum = AggregateFunction.of(Kind.SUM, DECIMAL);
        Accumulator accumulator = sum.newAccumulator();

        addAll(accumulator, new BigDecimal("0.10"), new BigDecimal("0.20"));

        assertThat(accumulator.result()).isEqualTo(new BigDecimal("0.30"));
        Schema result = Schemas.nonNull(sum.resultSchema());
        assertThat(result.getLogicalType()).isEqualTo(LogicalTypes.decimal(20, 2));
    }

    @Test
    void shouldFailWhenLongSumOverflows() {
        Accumulator sum = AggregateFunction.of(Kind.SUM, LONG).newAccumulator();
        sum.add(Long.MAX_VALUE);

        assertThatThrownBy(() -> sum.add(1L))
                .isInstanceOf(ArithmeticException.class)
                .hasMessageContaining("overflows");
    }

    @Test
    void shouldAverageAsDoubleWhenArgumentIsInt() {
        AggregateFunction avg = AggregateFunction.of(Kind.AVG, INT);
        Accumulator accumulator = avg.newAccumulator();

        addAll(accumulator, 1, 2, null);

        assertThat(accumulator.result()).isEqualTo(1.5);
        assertThat(avg.resultSchema()).isEqualTo(nullable(DOUBLE));
    }

    @Test
    void shouldAverageDecimalsWhenArgumentIsDecimal() {
        Accumulator avg = AggregateFunction.of(Kind.AVG, DECIMAL).newAccumulator();

        addAll(avg, new BigDecimal("1.00"), new BigDecimal("2.50"));

        assertThat(avg.result()).isEqualTo(1.75);
    }

    @Test
    void shouldKeepSmallestAndLargestWhenMinAndMax() {
        Accumulator min = AggregateFunction.of(Kind.MIN, STRING).newAccumulator();
        Accumulator max = AggregateFunction.of(Kind.MAX, TIMESTAMP).newAccumulator();

        addAll(min, "pear", null, "apple", "plum");
        addAll(max, 5L, 9L, null, 7L);

        assertThat(min.result()).isEqualTo("apple");
        assertThat(max.result()).isEqualTo(9L);
        assertThat(AggregateFunction.of(Kind.MAX, TIMESTAMP).resultSchema())
                .isEqualTo(nullable(TIMESTAMP));
    }

    @Test
    void shouldTreatNegativeZeroAsZeroAndNanAsLargestWhenComparingDoubles() {
        Accumulator max = AggregateFunction.of(Kind.MAX, DOUBLE).newAccumulator();
        Accumulator min = AggregateFunction.of(Kind.MIN, DOUBLE).newAccumulator();

        addAll(max, 1.0, Double.NaN, 2.0);
        addAll(min, 0.0, -0.0);

        assertThat((Double) max.result()).isNaN();
        assertThat(min.result()).isEqualTo(0.0);
    }

    @Test
    void shouldKeepFirstAndLastNonNullValuesByArrivalWhenFirstAndLast() {
        Accumulator first = AggregateFunction.of(Kind.FIRST, STRING).newAccumulator();
        Accumulator last = AggregateFunction.of(Kind.LAST, STRING).newAccumulator();

        addAll(first, null, "b", "a", "c", null);
        addAll(last, null, "b", "a", "c", null);

        assertThat(first.result()).isEqualTo("b");
        assertThat(last.result()).isEqualTo("c");
    }

    @Test
    void shouldTreatMergedValuesAsLaterWhenFirstAndLastMerge() {
        AggregateFunction firstFunction = AggregateFunction.of(Kind.FIRST, STRING);
        AggregateFunction lastFunction = AggregateFunction.of(Kind.LAST, STRING);
        Accumulator first = firstFunction.newAccumulator();
        Accumulator last = lastFunction.newAccumulator();
        Accumulator laterFirst = firstFunction.newAccumulator();
        Accumulator laterLast = lastFunction.newAccumulator();
        addAll(first, "x");
        addAll(last, "x");
        addAll(laterFirst, "y");
        addAll(laterLast, "y");

        first.merge(laterFirst);
        last.merge(laterLast);

        assertThat(first.result()).isEqualTo("x");
        assertThat(last.result()).isEqualTo("y");
    }

    @Test
    void shouldCollectValuesInArrivalOrderWhenCollectList() {
        AggregateFunction collect = AggregateFunction.of(Kind.COLLECT_LIST, NULLABLE_INT);
        Accumulator accumulator = collect.newAccumulator();

        addAll(accumulator, 3, null, 1, 3);

        assertThat(accumulator.result()).isEqualTo(List.of(3, 1, 3));
        assertThat(collect.resultSchema()).isEqualTo(Schema.createArray(INT));
    }

    @Test
    void shouldJoinNonNullValuesInArrivalOrderWhenStringAgg() {
        AggregateFunction names =
                AggregateFunction.stringAgg(Schema.createUnion(NULL, STRING), ", ");
        Accumulator accumulator = names.newAccumulator();

        addAll(accumulator, "b", null, "a", "", "b");

        assertThat(accumulator.result()).isEqualTo("b, a, , b");
        assertThat(names.resultSchema()).isEqualTo(Schema.createUnion(NULL, STRING));
        assertThat(names).hasToString("string_agg(string, ', ')");
    }

    @Test
    void shouldBeNullWhenStringAggHasOnlyNulls() {
        Accumulator empty = AggregateFunction.stringAgg(STRING, ",").newAccumulator();
        Accumulator nulls = AggregateFunction.stringAgg(STRING, ",").newAccumulator();

        addAll(nulls, null, null);

        assertThat(empty.result()).isNull();
        assertThat(nulls.result()).isNull();
    }

    @Test
    void shouldJoinWithoutDelimiterWhenStringAggHasNone() {
        Accumulator accumulator = AggregateFunction.of(Kind.STRING_AGG, STRING).newAccumulator();

        addAll(accumulator, "a", "b", "c");

        assertThat(accumulator.result()).isEqualTo("abc");
    }

    @Test
    void shouldKeepOrderAndValuesWhenStringAggIsMergedAndReadBack() {
        AggregateFunction names = AggregateFunction.stringAgg(STRING, "|");
        Accumulator earlier = names.newAccumulator();
        Accumulator later = names.newAccumulator();
        addAll(earlier, "x", "ü");
        addAll(later, "y");

        earlier.merge(later);
        Accumulator restored = names.fromBytes(names.toBytes(earlier));

        assertThat(restored.result()).isEqualTo("x|ü|y");
    }

    @Test
    void shouldRefuseStringAggWhenValuesAreNotText() {
        assertThatThrownBy(() -> AggregateFunction.stringAgg(INT, ","))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("string_agg needs text, got int; CAST the argument AS STRING");
    }

    @Test
    void shouldReturnAFreshListWhenResultIsTakenTwice() {
        Accumulator collect = AggregateFunction.of(Kind.COLLECT_LIST, INT).newAccumulator();
        addAll(collect, 1);
        Object before = collect.result();

        collect.add(2);

        assertThat(before).isEqualTo(List.of(1));
    }

    @Test
    void shouldCountDistinctValuesExactlyWhenCountDistinct() {
        Accumulator distinct = AggregateFunction.of(Kind.COUNT_DISTINCT, STRING).newAccumulator();

        addAll(distinct, "a", "b", "a", null, "c", "b");

        assertThat(distinct.result()).isEqualTo(3L);
    }

    @Test
    void shouldRefuseSumWhenArgumentIsText() {
        assertThatThrownBy(() -> AggregateFunction.of(Kind.SUM, STRING))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sum needs a number")
                .hasMessageContaining("got string");
    }

    @Test
    void shouldRefuseAvgWhenArgumentIsTimestamp() {
        assertThatThrownBy(() -> AggregateFunction.of(Kind.AVG, TIMESTAMP))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got timestamp");
    }

    @Test
    void shouldRefuseMinWhenValuesHaveNoOrder() {
        Schema record =
                Schema.createRecord("R", null, null, false, List.of(new Schema.Field("a", INT)));

        assertThatThrownBy(() -> AggregateFunction.of(Kind.MIN, record))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("min needs values that can be ordered");
    }

    @Test
    void shouldRefuseToMergeAccumulatorsWhenFunctionsDiffer() {
        Accumulator count = AggregateFunction.of(Kind.COUNT, INT).newAccumulator();
        Accumulator sum = AggregateFunction.of(Kind.SUM, INT).newAccumulator();

        assertThatThrownBy(() -> count.merge(sum))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("same function");
    }

    @Test
    void shouldCollectRecordsWhenArgumentIsARecord() {
        Schema record =
                Schema.createRecord(
                        "Item", null, null, false, List.of(new Schema.Field("name", STRING)));
        AggregateFunction collect = AggregateFunction.of(Kind.COLLECT_LIST, record);
        Accumulator accumulator = collect.newAccumulator();
        GenericData.Record item = new GenericData.Record(record);
        item.put(0, "pen");
        accumulator.add(item);

        Accumulator read = collect.fromBytes(collect.toBytes(accumulator));

        assertThat(read.result()).isEqualTo(List.of(item));
    }

    @Test
    void shouldNameFunctionAndArgumentTypeWhenPrinted() {
        assertThat(AggregateFunction.of(Kind.SUM, NULLABLE_INT)).hasToString("sum(int)");
        assertThat(AggregateFunction.countAll()).hasToString("count(*)");
    }

    static void addAll(Accumulator accumulator, Object... values) {
        for (Object value : values) {
            accumulator.add(value);
        }
    }

    private static Schema nullable(Schema schema) {
        return Schema.createUnion(Schema.create(Schema.Type.NULL), schema);
    }
}
