package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.processor.batch.OffsetRange;
import io.sluice.processor.engine.CommittedBatches;
import io.sluice.service.InstanceStatus;
import io.sluice.service.Timeline;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class ConsoleStatusTest {
    private static final TopicPartition P0 = new TopicPartition("invoices", 0);

    private final InstanceStatus status = new InstanceStatus("p", "a", Clock.systemUTC());
    private final Timeline timeline = new Timeline(10);

    @Test
    void shouldShowBatchRateLagAndWatermarkWhenRunning() {
        status.partitionsAssigned(List.of(P0));
        status.offsetsPlanned(Map.of(P0, 0L), Map.of(P0, 1000L));
        timeline.sample(status, 0);
        status.batchCommitted(
                CommittedBatches.of(
                        7,
                        new OffsetRange(P0, 0, 600),
                        600,
                        600,
                        0,
                        0,
                        50,
                        Map.of(P0, 1_600_000_000_000L)));
        status.offsetsPlanned(Map.of(P0, 600L), Map.of(P0, 1000L));
        timeline.sample(status, 2000);

        String line = console(false).statusLine();

        assertThat(line)
                .isEqualTo("p: batch 7 | 300 records/s | lag 400 | watermark 2020-09-13T12:26:40Z");
    }

    @Test
    void shouldFillTheProgressBarAsTheLagAtStartIsWorkedOff() {
        status.partitionsAssigned(List.of(P0));
        status.offsetsPlanned(Map.of(P0, 0L), Map.of(P0, 1000L));
        ConsoleStatus console = console(true);
        String atStart = console.progressLine();

        status.offsetsPlanned(Map.of(P0, 750L), Map.of(P0, 1000L));
        String later = console.progressLine();

        assertThat(atStart).startsWith("p: [" + ".".repeat(30) + "]   0% | 1,000 of 1,000");
        assertThat(later)
                .startsWith("p: [" + "#".repeat(23) + ".".repeat(7) + "]  75% | 250 of 1,000");
    }

    private ConsoleStatus console(boolean progressBar) {
        return new ConsoleStatus(
                "p", status, timeline, new PrintWriter(new StringWriter()), progressBar);
    }
}
