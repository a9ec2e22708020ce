package io.sluice.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.processor.batch.OffsetRange;
import io.sluice.processor.engine.CommittedBatches;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class TimelineTest {
    private static final TopicPartition P0 = new TopicPartition("invoices", 0);

    private final InstanceStatus status = new InstanceStatus("p", "a", Clock.systemUTC());
    private final Timeline timeline = new Timeline(3);

    @Test
    void shouldComputeInputAndProcessingRatesWhenSampledASecondApart() {
        status.partitionsAssigned(List.of(P0));
        status.offsetsPlanned(Map.of(P0, 0L), Map.of(P0, 1000L));
        timeline.sample(status, 10_000);

        status.offsetsPlanned(Map.of(P0, 0L), Map.of(P0, 1500L));
        status.batchCommitted(
                CommittedBatches.of(
                        0, new OffsetRange(P0, 0, 1500), 1200, 1000, 200, 0, 80, Map.of()));
        timeline.sample(status, 12_000);

        Timeline.Sample sample = timeline.latest();
        assertThat(sample.inputRate()).isEqualTo(250.0);
        assertThat(sample.processingRate()).isEqualTo(600.0);
        assertThat(sample.lag()).isEqualTo(0);
        assertThat(sample.batchDurationMs()).isEqualTo(80);
        assertThat(sample.watermarkDelaySeconds()).isNull();
    }

    @Test
    void shouldNotCountAnAssignedBacklogAsInputWhenThePartitionIsNew() {
        timeline.sample(status, 10_000);

        status.partitionsAssigned(List.of(P0));
        status.offsetsPlanned(Map.of(P0, 0L), Map.of(P0, 1_000_000L));
        timeline.sample(status, 11_000);

        assertThat(timeline.latest().inputRate()).isZero();
        assertThat(timeline.latest().lag()).isEqualTo(1_000_000);
    }

    @Test
    void shouldKeepOnlyTheNewestSamplesWhenFull() {
        for (int second = 0; second < 10; second++) {
            timeline.sample(status, second * 1000L);
        }

        assertThat(timeline.samples())
                .extracting(Timeline.Sample::atMs)
                .containsExactly(7000L, 8000L, 9000L);
    }
}
