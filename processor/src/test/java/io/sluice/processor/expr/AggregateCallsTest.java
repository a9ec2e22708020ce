package io.sluice.processor.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import net.sf.jsqlparser.expression.Expression;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class AggregateCallsTest {

    @Test
    void shouldFindAggregateWhenExpressionCallsOne() {
        Expression parsed = ExpressionCompiler.parse("sum(TotalValue)");

        List<AggregateCall> calls = ExpressionCompiler.aggregateCalls(parsed);

        assertThat(calls).hasSize(1);
        assertThat(calls.get(0).name()).isEqualTo("sum");
        assertThat(calls.get(0).arguments()).hasSize(1);
        assertThat(calls.get(0).arguments().get(0).toString()).isEqualTo("TotalValue");
        assertThat(calls.get(0).isStar()).isFalse();
        assertThat(calls.get(0).isDistinct()).isFalse();
    }

    @Test
    void shouldFindEveryAggregateWhenSeveralAreCombined() {
        Expression parsed =
                ExpressionCompiler.parse("ROUND(SUM(TotalValue) / count(*), 2) + max(ItemQty)");

        List<AggregateCall> calls = ExpressionCompiler.aggregateCalls(parsed);

        assertThat(calls).extracting(AggregateCall::name).containsExactly("sum", "count", "max");
        assertThat(calls.get(1).isStar()).isTrue();
        assertThat(calls.get(1).arguments()).isEmpty();
    }

    @Test
    void shouldFindAggregateWhenNestedInCaseAndCast() {
        Expression parsed =
                ExpressionCompiler.parse(
                        "CASE WHEN count(DISTINCT City) > 1 THEN CAST(avg(ItemQty) AS INT) END");

        List<AggregateCall> calls = ExpressionCompiler.aggregateCalls(parsed);

        assertThat(calls).extracting(AggregateCall::name).containsExactly("count", "avg");
        assertThat(calls.get(0).isDistinct()).isTrue();
    }

    @Test
    void shouldReportOuterCallOnlyWhenAggregatesAreNested() {
        Expression parsed = ExpressionCompiler.parse("sum(count(x))");

        List<AggregateCall> calls = ExpressionCompiler.aggregateCalls(parsed);

        assertThat(calls).extracting(AggregateCall::sql).containsExactly("sum(count(x))");
    }

    @Test
    void shouldFindNothingWhenExpressionIsScalar() {
        Expression parsed = ExpressionCompiler.parse("upper(City) || COALESCE(CustomerCardNo, '')");

        List<AggregateCall> calls = ExpressionCompiler.aggregateCalls(parsed);

        assertThat(calls).isEmpty();
    }

    @Test
    void shouldKnowAggregateNamesWhenAskedInAnyCase() {
        assertThat(ExpressionCompiler.isAggregateFunction("SUM")).isTrue();
        assertThat(ExpressionCompiler.isAggregateFunction("collect_list")).isTrue();
        assertThat(ExpressionCompiler.isAggregateFunction("count_distinct")).isTrue();
        assertThat(ExpressionCompiler.isAggregateFunction("first")).isTrue();
        assertThat(ExpressionCompiler.isAggregateFunction("upper")).isFalse();
    }

    @Test
    void shouldCompileAggregateArgumentWhenGivenParsedExpression() {
        AggregateCall call =
                ExpressionCompiler.aggregateCalls(
                                ExpressionCompiler.parse(
                                        "sum(CASE WHEN CustomerType = 'PRIME' THEN TotalValue ELSE 0 END)"))
                        .get(0);

        CompiledExpression argument =
                ExpressionCompiler.compile(call.arguments().get(0), Rows.INVOICE);

        assertThat(argument.evaluate(Rows.invoice())).isEqualTo(3387.0);
        assertThat(argument.resultSchema().getType()).isEqualTo(Schema.Type.DOUBLE);
    }

    @Test
    void shouldBeCompileErrorWhenParsedTextIsInvalid() {
        assertThatThrownBy(() -> ExpressionCompiler.parse("sum(("))
                .isInstanceOf(ExpressionException.class);
    }
}
