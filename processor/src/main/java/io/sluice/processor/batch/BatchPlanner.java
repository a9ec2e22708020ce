package io.sluice.processor.batch;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * Plans the next batch: for each partition, from its next offset to its last stable offset, capped
 * so that the whole batch covers at most {@code maxRecordsPerBatch} offsets.
 *
 * <p>When the cap cuts, each partition gets a share of it proportional to its lag (at least one
 * offset), as Spark's Kafka source does with {@code maxOffsetsPerTrigger}: a partition far behind
 * catches up faster and none starves.
 */
public final class BatchPlanner {
    private final int maxRecordsPerBatch;

    public BatchPlanner(int maxRecordsPerBatch) {
        if (maxRecordsPerBatch < 1) {
            throw new IllegalArgumentException(
                    "maxRecordsPerBatch must be at least 1, got " + maxRecordsPerBatch);
        }
        this.maxRecordsPerBatch = maxRecordsPerBatch;
    }

    /**
     * The next batch.
     *
     * @param batchId the id the batch gets
     * @param nextOffsets per partition, the first offset not yet committed
     * @param endOffsets per partition, the offset to read up to (last stable offset, or a target)
     * @return a batch with a range for each partition that has something to read; empty if none
     */
    public MicroBatch plan(
            long batchId,
            Map<TopicPartition, Long> nextOffsets,
            Map<TopicPartition, Long> endOffsets) {
        long totalLag = 0;
        for (Map.Entry<TopicPartition, Long> next : nextOffsets.entrySet()) {
            totalLag += lag(next.getValue(), endOffsets.get(next.getKey()));
        }
        List<OffsetRange> ranges = new ArrayList<>();
        for (Map.Entry<TopicPartition, Long> next : nextOffsets.entrySet()) {
            long from = next.getValue();
            long lag = lag(from, endOffsets.get(next.getKey()));
            if (lag > 0) {
                ranges.add(new OffsetRange(next.getKey(), from, from + share(lag, totalLag)));
            }
        }
        ranges.sort(
                (a, b) -> {
                    int byTopic = a.partition().topic().compareTo(b.partition().topic());
                    return byTopic != 0
                            ? byTopic
                            : Integer.compare(a.partition().partition(), b.partition().partition());
                });
        return new MicroBatch(batchId, ranges);
    }

    private long share(long lag, long totalLag) {
        if (totalLag <= maxRecordsPerBatch) {
            return lag;
        }
        long proportional = (long) Math.floor((double) maxRecordsPerBatch * lag / totalLag);
        return Math.max(1, Math.min(lag, proportional));
    }

    private static long lag(long from, Long end) {
        return end == null ? 0 : Math.max(0, end - from);
    }
}
