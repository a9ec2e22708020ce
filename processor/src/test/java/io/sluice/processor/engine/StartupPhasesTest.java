package io.sluice.processor.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class StartupPhasesTest {
    private static final long START = 1_000_000L;
    private static final TopicPartition PARTITION = new TopicPartition("in", 0);

    @Test
    void eachPhaseLastsFromThePreviousMarkAndTheTotalFromTheStart() {
        StartupPhases phases = new StartupPhases(START);
        phases.mark("jvm", START + 310);
        phases.mark("config", START + 860);
        phases.mark("cluster", START + 1_260);

        assertThat(phases.describe()).isEqualTo("jvm=0.31 config=0.55 cluster=0.40 total=1.26");
    }

    @Test
    void theGroupPhaseEndsAtTheFirstAssignmentWithPartitions() {
        StartupPhases phases = new StartupPhases(START);
        phases.mark("producer", START + 100);
        phases.partitionsAssigned(List.of());
        phases.mark("restore", START + 150);

        phases.partitionsAssigned(List.of(PARTITION));

        assertThat(phases.describe()).startsWith("producer=0.10 restore=0.05 group=");
    }

    @Test
    void theFirstCommittedBatchEndsStartUpAndLaterMarksAreIgnored() {
        StartupPhases phases = new StartupPhases(START);
        phases.mark("jvm", START + 200);
        phases.batchCommitted(batch());
        String atFirstBatch = phases.describe();

        phases.mark("late", System.currentTimeMillis() + 5_000);
        phases.batchCommitted(batch());

        assertThat(phases.describe()).isEqualTo(atFirstBatch).contains("first-batch=");
        assertThat(atFirstBatch).doesNotContain("late");
    }

    @Test
    void theLauncherStartCountsOnlyWhenItIsShortlyBeforeTheJvmStart() {
        long jvmStart = 50_000_000L;

        assertThat(StartupPhases.launchedAt("49999880", jvmStart)).isEqualTo(49_999_880L);
        assertThat(StartupPhases.launchedAt(null, jvmStart)).isEqualTo(jvmStart);
        assertThat(StartupPhases.launchedAt("soon", jvmStart)).isEqualTo(jvmStart);
        // inherited from an earlier launch, or from a clock ahead of ours
        assertThat(StartupPhases.launchedAt("1000", jvmStart)).isEqualTo(jvmStart);
        assertThat(StartupPhases.launchedAt("50000100", jvmStart)).isEqualTo(jvmStart);
    }

    private static CommittedBatch batch() {
        return new CommittedBatch(
                0,
                List.of(),
                new BatchCounters(),
                Duration.ofMillis(5),
                Duration.ofMillis(2),
                Instant.now(),
                Map.of(),
                Map.of());
    }
}
