package io.sluice.processor.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SpellingTest {
    private static final List<String> KEYS = List.of("topic", "topics", "format", "schema");

    @Test
    void shouldSuggestTheClosestWordWhenOneLetterIsWrong() {
        String hint = Spelling.didYouMean("fromat", KEYS);

        assertThat(hint).isEqualTo(" (did you mean 'format'?)");
    }

    @Test
    void shouldSuggestTheWordWhenOnlyTheCaseDiffers() {
        String hint = Spelling.didYouMean("Schema", KEYS);

        assertThat(hint).isEqualTo(" (did you mean 'schema'?)");
    }

    @Test
    void shouldSuggestNothingWhenNoWordIsClose() {
        String hint = Spelling.didYouMean("watermark", KEYS);

        assertThat(hint).isEmpty();
    }
}
