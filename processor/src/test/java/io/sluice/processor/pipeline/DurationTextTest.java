package io.sluice.processor.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DurationTextTest {

    @ParameterizedTest
    @CsvSource({
        "500ms, PT0.5S",
        "1s, PT1S",
        "30m, PT30M",
        "1h, PT1H",
        "2d, PT48H",
        "0s, PT0S",
        "PT30M, PT30M",
        "pt1m30s, PT1M30S"
    })
    void shouldParseUnitAndIsoTextWhenWellFormed(String text, String iso) {
        Duration parsed = DurationText.parse(text);

        assertThat(parsed).isEqualTo(Duration.parse(iso));
    }

    @ParameterizedTest
    @CsvSource({"30 minutes", "1.5h", "-1s", "PT-5M", "m", "10"})
    void shouldRejectTextWhenItIsNotADuration(String text) {
        assertThatThrownBy(() -> DurationText.parse(text))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource({"PT0.5S, 500ms", "PT30M, 30m", "PT48H, 2d", "PT1M30S, 90s", "PT0S, 0s"})
    void shouldFormatTheShortestUnitTextWhenPrinting(String iso, String text) {
        String formatted = DurationText.format(Duration.parse(iso));

        assertThat(formatted).isEqualTo(text);
    }
}
