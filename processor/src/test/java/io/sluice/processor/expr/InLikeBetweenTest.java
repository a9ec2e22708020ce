package io.sluice.processor.expr;

import static io.sluice.processor.expr.Rows.onInvoice;
import static io.sluice.processor.expr.Rows.onOrder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InLikeBetweenTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "DeliveryType IN ('HOME-DELIVERY')               | true",
                "DeliveryType IN ('TAKEAWAY', 'HOME-DELIVERY')   | true",
                "DeliveryType NOT IN ('TAKEAWAY')                | true",
                "DeliveryType IN ('TAKEAWAY')                    | false",
                "ItemQty IN (1, 2, 3)                            | true",
                "ItemQty IN (4, 5)                               | false",
                "ItemQty NOT IN (4, 5)                           | true",
                "ItemQty IN (3.0)                                | true",
                "ItemQty IN (1, 3000000000)                      | false",
                "TotalValue IN (3387, 1.5)                       | true",
                "City IN (State, upper(City), City)              | true",
                "ItemQty IN (ItemQty - 1, ItemQty + 1)           | false",
                "CreatedTime IN ('2020-07-25 14:55:03.576')      | true"
            })
    void shouldFindValueWhenListHasIt(String sql, boolean expected) {
        Object value = onInvoice(sql);

        assertThat(value).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "upper(City) LIKE 'SUR%'         | true",
                "City LIKE 'Sur%'                | true",
                "City LIKE 'sur%'                | false",
                "City ILIKE 'sur%'               | true",
                "City LIKE '%rat'                | true",
                "City LIKE '%ura%'               | true",
                "City LIKE 'S_rat'               | true",
                "City LIKE 'S_r%t'               | true",
                "City LIKE 'Surat'               | true",
                "City LIKE 'Sura'                | false",
                "City LIKE '%'                   | true",
                "City LIKE '_____'               | true",
                "City LIKE '______'              | false",
                "City NOT LIKE 'M%'              | true",
                "DeliveryType LIKE 'HOME!-%' ESCAPE '!' | true",
                "'100%' LIKE '100\\%'            | true",
                "'100x' LIKE '100\\%'            | false",
                "'a_c' LIKE 'a\\_c'              | true",
                "'abc' LIKE 'a\\_c'              | false",
                "City RLIKE '^S.r'               | true",
                "City NOT RLIKE 'x'              | true",
                "City LIKE State                 | false"
            })
    void shouldMatchWhenTextFitsPattern(String sql, boolean expected) {
        Object value = onInvoice(sql);

        assertThat(value).isEqualTo(expected);
    }

    @Test
    void shouldMatchEnumByNameWhenUsedWithLike() {
        Object value = onOrder("status LIKE 'N%'");

        assertThat(value).isEqualTo(true);
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "ItemQty BETWEEN 1 AND 3              | true",
                "ItemQty BETWEEN 4 AND 9              | false",
                "ItemQty NOT BETWEEN 4 AND 9          | true",
                "TotalValue BETWEEN 3000 AND 3387.0   | true",
                "City BETWEEN 'A' AND 'T'             | true",
                "CreatedTime BETWEEN '2020-07-25' AND '2020-07-26' | true"
            })
    void shouldIncludeBoundsWhenValueIsBetweenThem(String sql, boolean expected) {
        Object value = onInvoice(sql);

        assertThat(value).isEqualTo(expected);
    }

    @Test
    void shouldBeCompileErrorWhenInListMixesTextAndNumbers() {
        assertThatThrownBy(() -> ExpressionCompiler.compile("ItemQty IN (1, 'two')", Rows.INVOICE))
                .isInstanceOf(ExpressionException.class)
                .hasMessageStartingWith("cannot compare int with string in IN");
    }

    @Test
    void shouldBeCompileErrorWhenLikeIsAppliedToNumber() {
        assertThatThrownBy(() -> ExpressionCompiler.compile("ItemQty LIKE '3%'", Rows.INVOICE))
                .isInstanceOf(ExpressionException.class)
                .hasMessageStartingWith("LIKE expects text, got int");
    }

    @Test
    void shouldBeCompileErrorWhenPatternEndsWithEscape() {
        assertThatThrownBy(
                        () -> ExpressionCompiler.compile("City LIKE 'a!' ESCAPE '!'", Rows.INVOICE))
                .isInstanceOf(ExpressionException.class)
                .hasMessageContaining("ends with its escape character");
    }

    @Test
    void shouldBeCompileErrorWhenRegexIsInvalid() {
        assertThatThrownBy(() -> ExpressionCompiler.compile("City RLIKE '(a'", Rows.INVOICE))
                .isInstanceOf(ExpressionException.class)
                .hasMessageStartingWith("not a valid regular expression");
    }
}
