package io.sluice.processor.engine;

import io.sluice.processor.batch.OffsetRange;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * What a committed batch did, as its listeners see it.
 *
 * @param batchId the batch's id
 * @param ranges the offset ranges it read
 * @param counts its record counts (a copy: the engine reuses its own)
 * @param duration from the start of its last attempt to the end of its commit
 * @param commitLatency how long adding the offsets and committing the transaction took
 * @param committedAt when the commit returned
 * @param watermarks per partition with an event-time watermark, the one committed with the batch
 * @param stateSizes per partition with local state, its size after the batch
 */
public record CommittedBatch(
        long batchId,
        List<OffsetRange> ranges,
        BatchCounters counts,
        Duration duration,
        Duration commitLatency,
        Instant committedAt,
        Map<TopicPartition, Long> watermarks,
        Map<TopicPartition, StateSize> stateSizes) {

    public CommittedBatch {
        ranges = List.copyOf(ranges);
        watermarks = Map.copyOf(watermarks);
        stateSizes = Map.copyOf(stateSizes);
    }

    /**
     * The size of one task's local state.
     *
     * @param approximateKeys RocksDB's estimate of the keys stored, over all its stores
     * @param sizeBytes the bytes its files take on disk
     */
    public record StateSize(long approximateKeys, long sizeBytes) {}
}
