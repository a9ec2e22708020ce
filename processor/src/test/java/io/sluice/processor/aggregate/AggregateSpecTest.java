package io.sluice.processor.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.processor.ConfigException;
import io.sluice.processor.aggregate.AggregateFunction.Kind;
import io.sluice.processor.expr.ExpressionException;
import io.sluice.serdes.Schemas;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.junit.jupiter.api.Test;

class AggregateSpecTest {
    private static final Schema TRADE =
            SchemaBuilder.record("Trade")
                    .fields()
                    .name("CreatedTime")
                    .type(
                            LogicalTypes.timestampMillis()
                                    .addToSchema(Schema.create(Schema.Type.LONG)))
                    .noDefault()
                    .requiredString("Type")
                    .requiredInt("Amount")
                    .optionalString("BrokerCode")
                    .endRecord();

    @Test
    void shouldCompileEveryEntryInOrderWhenMapIsValid() {
        Map<String, String> spec = new LinkedHashMap<>();
        spec.put("TotalBuy", "sum(CASE WHEN Type = 'BUY' THEN Amount ELSE 0 END)");
        spec.put("Trades", "count(*)");
        spec.put("Brokers", "count(DISTINCT BrokerCode)");

        List<CompiledAggregate> compiled = AggregateSpec.compile(spec, TRADE);

        assertThat(compiled)
                .extracting(CompiledAggregate::outputName)
                .containsExactly("TotalBuy", "Trades", "Brokers");
        assertThat(compiled)
                .extracting(a -> a.function().kind())
                .containsExactly(Kind.SUM, Kind.COUNT_ALL, Kind.COUNT_DISTINCT);
        assertThat(compiled.get(1).argument()).isEmpty();
    }

    @Test
    void shouldEvaluateArgumentWhenAggregateTakesAnExpression() {
        CompiledAggregate totalBuy =
                AggregateSpec.compile(
                        "TotalBuy", "sum(CASE WHEN Type = 'BUY' THEN Amount ELSE 0 END)", TRADE);

        Object buy = totalBuy.argumentValue(trade("BUY", 500));
        Object sell = totalBuy.argumentValue(trade("SELL", 400));

        assertThat(buy).isEqualTo(500);
        assertThat(sell).isEqualTo(0);
        assertThat(Schemas.nonNull(totalBuy.function().resultSchema()).getType())
                .isEqualTo(Schema.Type.LONG);
    }

    @Test
    void shouldGiveNonNullMarkerWhenCountAllEvaluates() {
        CompiledAggregate count = AggregateSpec.compile("Trades", "COUNT(*)", TRADE);

        assertThat(count.argumentValue(trade("BUY", 1))).isNotNull();
    }

    @Test
    void shouldSuggestTheAggregateWhenFunctionNameIsMisspelled() {
        assertThatThrownBy(() -> AggregateSpec.compile("Sales", "summ(Amount)", TRADE))
                .isInstanceOf(AggregateException.class)
                .hasMessageContaining("aggregate Sales")
                .hasMessageContaining("'summ' is not an aggregate function")
                .hasMessageContaining("did you mean 'sum'?");
    }

    @Test
    void shouldSayScalarFunctionIsNotAnAggregateWhenUsedAlone() {
        assertThatThrownBy(() -> AggregateSpec.compile("Kind", "upper(Type)", TRADE))
                .isInstanceOf(AggregateException.class)
                .hasMessageContaining("'upper' is not an aggregate function");
    }

    @Test
    void shouldRefuseNestedAggregateWhenAggregateTakesAnAggregate() {
        assertThatThrownBy(() -> AggregateSpec.compile("X", "sum(count(Amount))", TRADE))
                .isInstanceOf(AggregateException.class)
                .hasMessageContaining("the aggregate count is nested inside sum");
    }

    @Test
    void shouldSayNotAnAggregateWhenExpressionHasNone() {
        assertThatThrownBy(() -> AggregateSpec.compile("Double", "Amount * 2", TRADE))
                .isInstanceOf(AggregateException.class)
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("not an aggregate")
                .hasMessageContaining("groupBy");
    }

    @Test
    void shouldRefuseArithmeticOnAggregatesWhenNotASingleCall() {
        assertThatThrownBy(() -> AggregateSpec.compile("Avg", "sum(Amount) / count(*)", TRADE))
                .isInstanceOf(AggregateException.class)
                .hasMessageContaining("single aggregate call");
    }

    @Test
    void shouldAcceptParenthesesWhenTheyWrapASingleCall() {
        CompiledAggregate max = AggregateSpec.compile("Max", "(max(Amount))", TRADE);

        assertThat(max.function().kind()).isEqualTo(Kind.MAX);
    }

    @Test
    void shouldKeepTheCompilerErrorAsCauseWhenArgumentDoesNotCompile() {
        assertThatThrownBy(() -> AggregateSpec.compile("Sales", "sum(Amunt)", TRADE))
                .isInstanceOf(AggregateException.class)
                .hasMessageContaining("in the argument of sum")
                .hasMessageContaining("did you mean 'Amount'?")
                .hasCauseInstanceOf(ExpressionException.class);
    }

    @Test
    void shouldRefuseSumWhenArgumentIsText() {
        assertThatThrownBy(() -> AggregateSpec.compile("Sales", "sum(Type)", TRADE))
                .isInstanceOf(AggregateException.class)
                .hasMessageContaining("sum needs a number");
    }

    @Test
    void shouldRefuseStarWhenFunctionIsNotCount() {
        assertThatThrownBy(() -> AggregateSpec.compile("Sales", "sum(*)", TRADE))
                .isInstanceOf(AggregateException.class)
                .hasMessageContaining("only count(*) takes *");
    }

    @Test
    void shouldRefuseDistinctWhenFunctionIsNotCount() {
        assertThatThrownBy(() -> AggregateSpec.compile("Sales", "sum(DISTINCT Amount)", TRADE))
                .isInstanceOf(AggregateException.class)
                .hasMessageContaining("DISTINCT is supported only in count(DISTINCT x)");
    }

    @Test
    void shouldRefuseSecondArgumentWhenFunctionTakesOne() {
        assertThatThrownBy(() -> AggregateSpec.compile("F", "first(Amount, Type)", TRADE))
                .isInstanceOf(AggregateException.class)
                .hasMessageContaining("first takes one argument, got 2");
    }

    @Test
    void shouldRefuseOutputNameWhenItIsNotAColumnName() {
        assertThatThrownBy(() -> AggregateSpec.compile("Total Buy", "count(*)", TRADE))
                .isInstanceOf(AggregateException.class)
                .hasMessageContaining("'Total Buy' is not a valid column name");
    }

    @Test
    void shouldReportSyntaxErrorWhenExpressionDoesNotParse() {
        assertThatThrownBy(() -> AggregateSpec.compile("Sales", "sum((", TRADE))
                .isInstanceOf(AggregateException.class)
                .hasCauseInstanceOf(ExpressionException.class);
    }

    @Test
    void shouldJoinTextWhenStringAggHasADelimiter() {
        CompiledAggregate types = AggregateSpec.compile("Types", "string_agg(Type, ', ')", TRADE);

        Accumulator accumulator = types.function().newAccumulator();
        accumulator.add(types.argumentValue(trade("BUY", 1)));
        accumulator.add(types.argumentValue(trade("SELL", 2)));

        assertThat(types.function().kind()).isEqualTo(Kind.STRING_AGG);
        assertThat(accumulator.result()).isEqualTo("BUY, SELL");
    }

    @Test
    void shouldCastToTextWhenStringAggArgumentIsANumber() {
        CompiledAggregate amounts =
                AggregateSpec.compile("Amounts", "LISTAGG(Amount, '''')", TRADE);

        Accumulator accumulator = amounts.function().newAccumulator();
        accumulator.add(amounts.argumentValue(trade("BUY", 10)));
        accumulator.add(amounts.argumentValue(trade("BUY", 2)));

        assertThat(accumulator.result()).isEqualTo("10'2");
    }

    @Test
    void shouldCompileToStringAggWhenCollectListIsJoinedAsInSpark() {
        CompiledAggregate concat =
                AggregateSpec.compile("A", "concat_ws('-', collect_list(Type))", TRADE);
        CompiledAggregate join =
                AggregateSpec.compile("B", "array_join(collect_list(Type), ';', 'none')", TRADE);
        CompiledAggregate plain = AggregateSpec.compile("C", "string_agg(Type)", TRADE);

        assertThat(concat.function()).hasToString("string_agg(string, '-')");
        assertThat(join.function()).hasToString("string_agg(string, ';')");
        assertThat(plain.function()).hasToString("string_agg(string, '')");
    }

    @Test
    void shouldRefuseStringAggWhenDelimiterIsAColumn() {
        assertThatThrownBy(() -> AggregateSpec.compile("T", "string_agg(Type, BrokerCode)", TRADE))
                .isInstanceOf(AggregateException.class)
                .hasMessage(
                        "aggregate T: \"string_agg(Type, BrokerCode)\": the delimiter of"
                                + " string_agg must be a string literal such as ',', got"
                                + " BrokerCode");
    }

    private static GenericData.Record trade(String type, int amount) {
        GenericData.Record trade = new GenericData.Record(TRADE);
        trade.put("CreatedTime", 0L);
        trade.put("Type", type);
        trade.put("Amount", amount);
        return trade;
    }
}
