package io.sluice.processor.operator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OperatorsTest {

    @Test
    void shouldReplaceCharactersAvroRejectsWhenNamingRecords() {
        String name = Operators.recordName("invoice-notifications.v2");

        assertThat(name).isEqualTo("invoice_notifications_v2");
    }

    @Test
    void shouldPrefixAnUnderscoreWhenTheNameStartsWithADigit() {
        String name = Operators.recordName("2fast");

        assertThat(name).isEqualTo("_2fast");
    }
}
