package io.sluice.topologies.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RunningWordCountTest {

    @Test
    void shouldPrintRunningCountsEveryBatchAndWindowCountsEveryTwo() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        RunningWordCount.run(new PrintStream(printed, true, StandardCharsets.UTF_8));

        assertThat(printed.toString(StandardCharsets.UTF_8))
                .isEqualTo(
                        batch(1000, "(hello,3)", "(sluice,1)", "(streams,1)", "(world,1)")
                                + batch(
                                        2000,
                                        "(hello,3)",
                                        "(streams,2)",
                                        "(world,2)",
                                        "(of,1)",
                                        "(sluice,1)")
                                + batch(
                                        2000,
                                        "(hello,2)",
                                        "(streams,2)",
                                        "(of,1)",
                                        "(sluice,1)",
                                        "(world,1)")
                                + batch(
                                        3000,
                                        "(hello,4)",
                                        "(streams,2)",
                                        "(world,2)",
                                        "(of,1)",
                                        "(sluice,1)")
                                + batch(
                                        4000,
                                        "(hello,4)",
                                        "(streams,2)",
                                        "(world,2)",
                                        "(of,1)",
                                        "(sluice,1)")
                                + batch(4000, "(hello,1)"));
    }

    private static String batch(long timeMs, String... records) {
        String rule = "-------------------------------------------\n";
        StringBuilder text = new StringBuilder(rule + "Time: " + timeMs + " ms\n" + rule);
        for (String record : records) {
            text.append(record).append('\n');
        }
        return text.append('\n').toString();
    }
}
