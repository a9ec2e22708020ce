package io.sluice.processor.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ArrayTextFunctionTest {
    private static final Schema BASKET =
            new Schema.Parser()
                    .parse(
                            """
                            {"type": "record", "name": "Basket", "fields": [
                              {"name": "Names", "type": {"type": "array", "items": ["null", "string"]}},
                              {"name": "Counts", "type": {"type": "array", "items": "int"}},
                              {"name": "NoNames", "type": ["null", {"type": "array", "items": "string"}]},
                              {"name": "First", "type": "string"},
                              {"name": "Middle", "type": ["null", "string"]},
                              {"name": "Qty", "type": "int"},
                              {"name": "Sep", "type": ["null", "string"]},
                              {"name": "Parts", "type": {"type": "array", "items": {"type": "record", "name": "Part", "fields": []}}}
                            ]}
                            """);

    private static GenericRecord basket() {
        GenericData.Record row = new GenericData.Record(BASKET);
        row.put("Names", Arrays.asList("a", null, "b", ""));
        row.put("Counts", List.of(1, 22, 3));
        row.put("NoNames", null);
        row.put("First", "x");
        row.put("Middle", null);
        row.put("Qty", 7);
        row.put("Sep", null);
        row.put("Parts", List.of());
        return row;
    }

    private static Object eval(String sql) {
        return ExpressionCompiler.compile(sql, BASKET).evaluate(basket());
    }

    @ParameterizedTest(name = "{0} = [{1}]")
    @CsvSource(
            delimiterString = "=>",
            quoteCharacter = '"',
            value = {
                "concat_ws(' ', 'Spark', 'SQL')                => Spark SQL",
                "concat_ws(',', First, Middle, 'z')            => \"x,z\"",
                "concat_ws(',', Middle)                        => \"\"",
                "concat_ws('s')                                => \"\"",
                "concat_ws('-', First, Qty)                    => x-7",
                "concat_ws('/', Names)                         => a/b/",
                "concat_ws('/', First, Names, Counts, NoNames) => x/a/b//1/22/3",
                "array_join(Names, ',')                        => \"a,b,\"",
                "array_join(Names, ',', '?')                   => \"a,?,b,\"",
                "array_join(Counts, ' + ')                     => 1 + 22 + 3",
                "ARRAY_JOIN(Counts, '')                        => 1223",
            })
    void shouldJoinTextWhenFunctionSkipsNullsAsSparkDoes(String sql, String expected) {
        Object value = eval(sql);

        assertThat(value).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} is NULL")
    @CsvSource({
        "'concat_ws(Sep, First, Names)'",
        "'concat_ws(NULL, First)'",
        "'array_join(NoNames, \",\")'",
        "'array_join(Names, Sep)'",
        "'array_join(Names, \",\", Sep)'",
        "'array_join(NULL, \",\")'"
    })
    void shouldGiveNullWhenSeparatorOrArrayIsNull(String sql) {
        Object value = eval(sql.replace('"', '\''));

        assertThat(value).isNull();
    }

    @Test
    void shouldRefuseArrayJoinWhenFirstArgumentIsNotAnArray() {
        assertThatThrownBy(() -> ExpressionCompiler.compile("array_join(First, ',')", BASKET))
                .isInstanceOf(ExpressionException.class)
                .hasMessageContaining("array_join() expects an array as argument 1, got string");
    }

    @Test
    void shouldRefuseConcatWsWhenArrayHoldsRecords() {
        assertThatThrownBy(() -> ExpressionCompiler.compile("concat_ws(',', Parts)", BASKET))
                .isInstanceOf(ExpressionException.class)
                .hasMessageContaining(
                        "concat_ws() joins arrays of text, numbers, dates and timestamps, got an"
                                + " array of record Part as argument 2");
    }

    @Test
    void shouldGiveNonNullStringWhenConcatWsSeparatorIsLiteral() {
        CompiledExpression expression =
                ExpressionCompiler.compile("concat_ws(',', Middle, Names)", BASKET);

        assertThat(expression.resultSchema()).isEqualTo(Schema.create(Schema.Type.STRING));
    }
}
