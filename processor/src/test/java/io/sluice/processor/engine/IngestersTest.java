package io.sluice.processor.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.processor.plan.IngestPlan;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The parts of the ingesters that need no broker: splitting lines, the rate's schedule. */
class IngestersTest {

    @Test
    void shouldSkipBlankLinesAndDropCarriageReturnsWhenSplittingLines() throws Exception {
        byte[] text = "a\r\n\n  \t\nb c\n\r\nlast".getBytes(StandardCharsets.UTF_8);
        List<String> lines = new ArrayList<>();

        long count =
                IngestLines.each(
                        new ByteArrayInputStream(text),
                        line -> lines.add(new String(line, StandardCharsets.UTF_8)));

        assertThat(lines).containsExactly("a", "b c", "last");
        assertThat(count).isEqualTo(3);
    }

    @Test
    void shouldKeepBytesThatAreNotUtf8WhenSplittingLines() throws Exception {
        byte[] text = {'x', (byte) 0xC3, '\n'};
        List<byte[]> lines = new ArrayList<>();

        IngestLines.each(new ByteArrayInputStream(text), lines::add);

        assertThat(lines).containsExactly(new byte[] {'x', (byte) 0xC3});
    }

    @Test
    void shouldDueRowsAtTheFullRateWhenThereIsNoRampUp() {
        IngestPlan.Rate rate = new IngestPlan.Rate(100, Duration.ZERO);

        assertThat(RateIngester.rowsDue(rate, 0)).isZero();
        assertThat(RateIngester.rowsDue(rate, 10)).isEqualTo(1);
        assertThat(RateIngester.rowsDue(rate, 2_500)).isEqualTo(250);
    }

    @Test
    void shouldDueHalfTheRowsOfTheRampWhenTheRateRampsUp() {
        IngestPlan.Rate rate = new IngestPlan.Rate(100, Duration.ofSeconds(10));

        assertThat(RateIngester.rowsDue(rate, 5_000)).isEqualTo(125);
        assertThat(RateIngester.rowsDue(rate, 10_000)).isEqualTo(500);
        assertThat(RateIngester.rowsDue(rate, 12_000)).isEqualTo(700);
    }
}
