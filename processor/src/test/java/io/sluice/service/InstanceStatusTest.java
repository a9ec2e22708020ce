package io.sluice.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.processor.DependencyUnavailableException;
import io.sluice.processor.StateCorruptedException;
import io.sluice.processor.batch.OffsetRange;
import io.sluice.processor.engine.CommittedBatches;
import io.sluice.processor.engine.PipelineRunner;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class InstanceStatusTest {
    private static final TopicPartition P0 = new TopicPartition("invoices", 0);

    private final InstanceStatus status = new InstanceStatus("p", "a", Clock.systemUTC());

    @Test
    void shouldBecomeReadyWhenPartitionsAreAssignedAndStopBeingReadyWhenTheRunEnds() {
        boolean before = status.isReady();

        status.partitionsAssigned(List.of(P0));
        boolean assigned = status.isReady();
        status.runEnded(PipelineRunner.Outcome.FENCED, "fenced by another instance");

        assertThat(before).isFalse();
        assertThat(assigned).isTrue();
        assertThat(status.isReady()).isFalse();
        assertThat(status.report().state()).isEqualTo("failed");
        assertThat(status.report().lastError().message()).isEqualTo("fenced by another instance");
    }

    @Test
    void shouldNotBeReadyWhileATaskRestoresItsStateAndShowItsProgress() {
        status.restoring(P0, 0, 0);
        status.partitionsAssigned(List.of(P0));
        status.restoring(P0, 400, 1000);
        boolean restoring = status.isReady();
        StatusReport.Restore progress = status.report().restores().get(0);

        status.restored(P0);

        assertThat(restoring).isFalse();
        assertThat(progress).isEqualTo(new StatusReport.Restore("invoices", 0, 400, 1000));
        assertThat(status.isReady()).isTrue();
        assertThat(status.report().restores()).isEmpty();
    }

    @Test
    void shouldListStandbyTasksWithTheirLagUntilClosedAndStayReady() {
        status.partitionsAssigned(List.of(P0));
        TopicPartition standby = new TopicPartition("invoices", 1);

        status.standbyLag(standby, OptionalLong.empty());
        StatusReport.Standby unknown = status.report().standbys().get(0);
        status.standbyLag(standby, OptionalLong.of(7));
        StatusReport.Standby behind = status.report().standbys().get(0);
        boolean ready = status.isReady();
        status.standbyClosed(standby);

        assertThat(unknown).isEqualTo(new StatusReport.Standby("invoices", 1, null));
        assertThat(behind).isEqualTo(new StatusReport.Standby("invoices", 1, 7L));
        assertThat(ready).isTrue();
        assertThat(status.report().standbys()).isEmpty();
    }

    @Test
    void shouldCountTheRecoveryAndNameTheCauseWhenATasksStateIsCorrupted() {
        status.partitionsAssigned(List.of(P0));

        status.stateCorrupted(P0, new StateCorruptedException("truncated SST file"));
        status.restoring(P0, 0, 0);

        StatusReport report = status.report();
        assertThat(report.stateRecoveries()).isEqualTo(1);
        assertThat(report.lastError().message()).contains("invoices-0", "truncated SST file");
        assertThat(report.ready()).isFalse();
    }

    @Test
    void shouldListPartitionOffsetsAndTheNewestBatchesFirstWhenReported() {
        status.partitionsAssigned(List.of(P0));
        for (int i = 0; i < InstanceStatus.RECENT_BATCHES + 5; i++) {
            status.batchCommitted(
                    CommittedBatches.of(
                            i,
                            new OffsetRange(P0, i * 10L, i * 10L + 10),
                            10,
                            7,
                            2,
                            1,
                            5,
                            Map.of()));
        }
        status.offsetsPlanned(Map.of(P0, 350L), Map.of(P0, 400L));

        StatusReport report = status.report();

        assertThat(report.totals().in()).isEqualTo(350);
        assertThat(report.totals().out()).isEqualTo(245);
        assertThat(report.totals().filtered()).isEqualTo(70);
        assertThat(report.totals().deadLettered()).isEqualTo(35);
        assertThat(report.recentBatches()).hasSize(InstanceStatus.RECENT_BATCHES);
        assertThat(report.recentBatches().get(0).batchId()).isEqualTo(34);
        StatusReport.Partition partition = report.partitions().get(0);
        assertThat(partition.committedOffset()).isEqualTo(350);
        assertThat(partition.endOffset()).isEqualTo(400);
        assertThat(partition.lag()).isEqualTo(50);
        assertThat(partition.lastBatch())
                .isEqualTo(new StatusReport.Range("invoices", 0, 340, 350));
        assertThat(partition.stateKeys()).isEqualTo(42);
    }

    @Test
    void shouldShowARegistryOutageAsNotReadyButLiveUntilABatchCommits() {
        status.partitionsAssigned(List.of(P0));
        DependencyUnavailableException down =
                new DependencyUnavailableException(
                        "schema registry", "schema registry http://r:8081 unreachable", null);
        for (int attempt = 1; attempt <= InstanceStatus.MAX_FAILED_ATTEMPTS + 5; attempt++) {
            status.batchFailed(7, attempt, down);
        }
        StatusReport.Outage outage = status.report().outage();
        boolean readyDuringOutage = status.isReady();
        boolean liveDuringOutage = status.isLive();

        status.batchCommitted(
                CommittedBatches.of(7, new OffsetRange(P0, 0, 10), 10, 10, 0, 0, 5, Map.of()));

        assertThat(readyDuringOutage).isFalse();
        assertThat(liveDuringOutage).isTrue();
        assertThat(outage.dependency()).isEqualTo("schema registry");
        assertThat(outage.reason()).isEqualTo("schema registry http://r:8081 unreachable");
        assertThat(status.isReady()).isTrue();
        assertThat(status.report().outage()).isNull();
    }

    @Test
    void shouldStopBeingLiveAndShowTheCauseWhenTheIngesterStopped() {
        status.partitionsAssigned(List.of(P0));
        boolean liveBefore = status.isLive();

        status.ingesterStopped("the ingester of socket localhost:9 stopped: boom");

        assertThat(liveBefore).isTrue();
        assertThat(status.isLive()).isFalse();
        assertThat(status.lastErrorMessage())
                .isEqualTo("the ingester of socket localhost:9 stopped: boom");
    }

    @Test
    void shouldStopBeingLiveWhenOtherFailuresFollowAnOutage() {
        status.partitionsAssigned(List.of(P0));
        DependencyUnavailableException down =
                new DependencyUnavailableException("schema registry", "unreachable", null);
        status.batchFailed(7, 1, down);
        status.batchFailed(7, 2, down);
        for (int attempt = 3; attempt < InstanceStatus.MAX_FAILED_ATTEMPTS + 2; attempt++) {
            status.batchFailed(7, attempt, new IllegalStateException("broken"));
        }
        boolean oneShort = status.isLive();

        status.batchFailed(7, InstanceStatus.MAX_FAILED_ATTEMPTS + 2, new IllegalStateException());

        assertThat(oneShort).isTrue();
        assertThat(status.isLive()).isFalse();
    }
}
