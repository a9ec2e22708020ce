package io.sluice.processor.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.processor.StateCorruptedException;
import io.sluice.processor.batch.OffsetRange;
import io.sluice.processor.engine.CommittedBatches;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class EngineMetricsTest {
    private static final TopicPartition P0 = new TopicPartition("invoices", 0);
    private static final Instant NOW = Instant.parse("2026-01-01T00:10:00Z");

    private final EngineMetrics metrics =
            new EngineMetrics("invoice-notifications", Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void shouldCountRecordsOfCommittedBatchesWhenScraped() {
        metrics.partitionsAssigned(List.of(P0));

        metrics.batchCommitted(
                CommittedBatches.of(0, new OffsetRange(P0, 0, 100), 100, 60, 30, 10, 40, Map.of()));
        metrics.batchCommitted(
                CommittedBatches.of(1, new OffsetRange(P0, 100, 150), 50, 50, 0, 0, 20, Map.of()));

        String text = metrics.scrape();
        String tags = "{pipeline=\"invoice-notifications\"}";
        assertThat(text)
                .contains("sluice_records_in_total" + tags + " 150.0")
                .contains("sluice_records_out_total" + tags + " 110.0")
                .contains("sluice_records_filtered_total" + tags + " 30.0")
                .contains("sluice_records_dead_lettered_total" + tags + " 10.0")
                .contains("sluice_batches_committed_total" + tags + " 2.0")
                .contains("sluice_batch_duration_seconds_count" + tags + " 2")
                .contains("sluice_batch_records_sum" + tags + " 150.0");
    }

    @Test
    void shouldReportLagWatermarkDelayAndStateSizePerPartitionWhenAssigned() {
        metrics.partitionsAssigned(List.of(P0));

        metrics.offsetsPlanned(Map.of(P0, 150L), Map.of(P0, 400L));
        long watermark = NOW.minusSeconds(90).toEpochMilli();
        metrics.batchCommitted(
                CommittedBatches.of(
                        0, new OffsetRange(P0, 0, 150), 150, 150, 0, 0, 40, Map.of(P0, watermark)));

        String partition =
                "{partition=\"0\",pipeline=\"invoice-notifications\",topic=\"invoices\"}";
        assertThat(metrics.scrape())
                .contains("sluice_consumer_lag" + partition + " 250.0")
                .contains("sluice_watermark_delay_seconds" + partition + " 90.0")
                .contains("sluice_state_keys" + partition + " 42.0")
                .contains("sluice_state_size_bytes" + partition + " 4096.0");
    }

    @Test
    void shouldLowerTheLagWhenABatchCommitsBeforeTheNextPlan() {
        metrics.partitionsAssigned(List.of(P0));
        metrics.offsetsPlanned(Map.of(P0, 0L), Map.of(P0, 400L));

        metrics.batchCommitted(
                CommittedBatches.of(0, new OffsetRange(P0, 0, 400), 400, 400, 0, 0, 40, Map.of()));

        assertThat(metrics.scrape())
                .contains(
                        "sluice_consumer_lag{partition=\"0\",pipeline=\"invoice-notifications\",topic=\"invoices\"} 0.0");
    }

    @Test
    void shouldDropPartitionGaugesWhenThePartitionIsRevoked() {
        metrics.partitionsAssigned(List.of(P0));
        metrics.offsetsPlanned(Map.of(P0, 150L), Map.of(P0, 400L));

        metrics.partitionsRevoked(List.of(P0));

        assertThat(metrics.scrape()).doesNotContain("sluice_consumer_lag{");
    }

    @Test
    void shouldReportRestoreProgressPerTaskUntilItsPartitionIsRevoked() {
        metrics.restoring(P0, 300, 1200);
        String restoring = metrics.scrape();

        metrics.partitionsRevoked(List.of(P0));

        String tags = "{partition=\"0\",pipeline=\"invoice-notifications\",topic=\"invoices\"}";
        assertThat(restoring)
                .contains("sluice_restore_restored_records" + tags + " 300.0")
                .contains("sluice_restore_total_records" + tags + " 1200.0");
        assertThat(metrics.scrape()).doesNotContain("sluice_restore_restored_records{");
    }

    @Test
    void shouldReportAStandbysLagOnceKnownUntilTheStandbyIsClosed() {
        metrics.standbyLag(P0, OptionalLong.empty());
        String unknown = metrics.scrape();
        metrics.standbyLag(P0, OptionalLong.of(42));
        String known = metrics.scrape();

        metrics.standbyClosed(P0);

        String tags = "{partition=\"0\",pipeline=\"invoice-notifications\",topic=\"invoices\"}";
        assertThat(unknown).doesNotContain("sluice_standby_lag_records{");
        assertThat(known).contains("sluice_standby_lag_records" + tags + " 42.0");
        assertThat(metrics.scrape()).doesNotContain("sluice_standby_lag_records{");
    }

    @Test
    void shouldCountStateRecoveriesWhenATasksStateIsCorrupted() {
        metrics.stateCorrupted(P0, new StateCorruptedException("truncated SST file"));
        metrics.stateCorrupted(P0, new StateCorruptedException("garbage in CURRENT"));

        assertThat(metrics.scrape())
                .contains("sluice_state_recoveries_total{pipeline=\"invoice-notifications\"} 2.0");
    }

    @Test
    void shouldCountSkippedTableRecordsWhenAJoinedTableHasBadRecords() {
        metrics.tableRecordSkipped(P0, 7, "it has no key");

        assertThat(metrics.scrape())
                .contains(
                        "sluice_table_records_skipped_total{pipeline=\"invoice-notifications\"}"
                                + " 1.0");
    }
}
