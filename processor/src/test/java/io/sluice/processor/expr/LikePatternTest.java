package io.sluice.processor.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LikePatternTest {

    @ParameterizedTest(name = "''{1}'' LIKE ''{0}'' is {2}")
    @CsvSource(
            value = {
                "'', '', true",
                "'', a, false",
                "%, '', true",
                "_, '', false",
                "a%b%c, abc, true",
                "a%b%c, aXbYc, true",
                "a%b%c, aXbY, false",
                "a%b%c, abcbc, true",
                "%a%a, banana, true",
                "%ana, banana, true",
                "b_n_n_, banana, true",
                "b%%a, banana, true",
                "%n_n%, banana, true",
                "%x%, banana, false",
                "_%_, ab, true",
                "_%_, a, false",
                "%%, '', true",
                "M%I, MUMBAI, true",
                "é_, éa, true",
                "_, 😀, true",
                "a_b, a😀b, true"
            })
    void shouldMatchWhenWildcardsCoverTheText(String pattern, String text, boolean expected) {
        LikePattern like = LikePattern.compile(pattern, '\\');

        boolean matches = like.matches(text);

        assertThat(matches).isEqualTo(expected);
    }

    @Test
    void shouldMatchWildcardLiterallyWhenEscaped() {
        LikePattern like = LikePattern.compile("50#%#_off%", '#');

        assertThat(like.matches("50%_off today")).isTrue();
        assertThat(like.matches("50x_off today")).isFalse();
    }

    @Test
    void shouldTreatBackslashAsTextWhenNoEscapeIsGiven() {
        LikePattern like = LikePattern.compile("a\\%", null);

        assertThat(like.matches("a\\bc")).isTrue();
    }

    @Test
    void shouldRefusePatternWhenItEndsWithEscape() {
        assertThatThrownBy(() -> LikePattern.compile("abc\\", '\\'))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
