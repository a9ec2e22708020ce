package io.sluice.processor.expr;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ParserTest {

    @Test
    void shouldParseQuicklyWhenParenthesesNestDeeply() {
        String sql = "(".repeat(15) + "ItemQty" + " + 1)".repeat(15);

        long started = System.nanoTime();
        Object value = Rows.onInvoice(sql);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(value).isEqualTo(18);
        assertThat(took).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void shouldParseWhenExpressionSpansLines() {
        String sql = "CASE\n  WHEN ItemQty > 1 THEN 'many'\n  ELSE 'one'\nEND";

        Object value = Rows.onInvoice(sql);

        assertThat(value).isEqualTo("many");
    }

    @Test
    void shouldReadQuotesWhenStringLiteralDoublesThem() {
        Object value = Rows.onInvoice("'it''s ' || City");

        assertThat(value).isEqualTo("it's Surat");
    }

    @Test
    void shouldParseComparisonsUsedAsValuesWhenSimpleParsingRejectsThem() {
        assertThat(Rows.onInvoice("COALESCE(ItemQty = 3, FALSE)")).isEqualTo(true);
        assertThat(Rows.onInvoice("(ItemQty = 3) = TRUE")).isEqualTo(true);
        assertThat(Rows.onInvoice("CAST((ItemQty > 2) AS INT)")).isEqualTo(1);
        assertThat(Rows.onInvoice("CASE WHEN ItemQty > 0 THEN (City = 'Surat') ELSE FALSE END"))
                .isEqualTo(true);
    }

    @Test
    void shouldGiveUpWithinBudgetWhenBacktrackingWouldTakeTooLong() {
        String sql = "(".repeat(25) + "ItemQty = 1" + ") = TRUE".repeat(25);

        long started = System.nanoTime();
        Throwable error = org.assertj.core.api.Assertions.catchThrowable(() -> Rows.onInvoice(sql));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(error).isInstanceOf(ExpressionException.class);
        assertThat(took).isLessThan(Duration.ofSeconds(10));
    }
}
