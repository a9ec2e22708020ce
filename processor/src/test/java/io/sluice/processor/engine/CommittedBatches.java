package io.sluice.processor.engine;

import io.sluice.processor.batch.OffsetRange;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/** Committed batches made up for tests of engine listeners. */
public final class CommittedBatches {
    private CommittedBatches() {}

    /** A batch of one range with the given counts, taking {@code durationMs}. */
    public static CommittedBatch of(
            long batchId,
            OffsetRange range,
            long in,
            long out,
            long filtered,
            long deadLettered,
            long durationMs,
            Map<TopicPartition, Long> watermarks) {
        BatchCounters counts = new BatchCounters();
        counts.in = in;
        counts.out = out;
        counts.emitting = out;
        counts.filtered = filtered;
        counts.deadLettered = deadLettered;
        return new CommittedBatch(
                batchId,
                List.of(range),
                counts,
                Duration.ofMillis(durationMs),
                Duration.ofMillis(durationMs / 4),
                Instant.parse("2026-01-01T00:00:00Z"),
                watermarks,
                Map.of(range.partition(), new CommittedBatch.StateSize(42, 4096)));
    }
}
