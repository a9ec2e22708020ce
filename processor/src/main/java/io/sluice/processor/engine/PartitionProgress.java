package io.sluice.processor.engine;

import io.sluice.processor.batch.MicroBatch;
import io.sluice.processor.batch.OffsetMetadata;
import io.sluice.processor.batch.OffsetRange;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The owned partitions and, for each, the first offset not yet committed: where the next batch
 * starts. Changed by rebalances and by committed batches, on the batch thread only.
 */
final class PartitionProgress {
    private final Map<TopicPartition, Long> nextOffsets = new LinkedHashMap<>();
    private long lastBatchId = -1;

    /** Takes over a partition at the offset its last commit left, noting that commit's batch id. */
    void assign(TopicPartition partition, long nextOffset, OffsetMetadata metadata) {
        nextOffsets.put(partition, nextOffset);
        lastBatchId = Math.max(lastBatchId, metadata.batchId());
    }

    void revoke(Collection<TopicPartition> partitions) {
        partitions.forEach(nextOffsets::remove);
    }

    boolean isEmpty() {
        return nextOffsets.isEmpty();
    }

    boolean owns(TopicPartition partition) {
        return nextOffsets.containsKey(partition);
    }

    /** The owned partitions, a view. */
    Collection<TopicPartition> partitions() {
        return Collections.unmodifiableSet(nextOffsets.keySet());
    }

    /** A copy of the next offsets, for planning and rewinding. */
    Map<TopicPartition, Long> nextOffsets() {
        return new HashMap<>(nextOffsets);
    }

    /** The id the next batch gets: one more than the last committed one. */
    long nextBatchId() {
        return lastBatchId + 1;
    }

    /**
     * The offsets to commit with a batch: each range's until offset, with the batch id and the
     * partition's watermark (none when it has no stateful step) in the metadata.
     */
    Map<TopicPartition, OffsetAndMetadata> offsetsToCommit(
            MicroBatch batch, Map<TopicPartition, Long> watermarks) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (OffsetRange range : batch.ranges()) {
            long watermark = watermarks.getOrDefault(range.partition(), Long.MIN_VALUE);
            String metadata = new OffsetMetadata(batch.batchId(), watermark).encode();
            offsets.put(range.partition(), new OffsetAndMetadata(range.untilOffset(), metadata));
        }
        return offsets;
    }

    /** Records that the batch committed. */
    void committed(MicroBatch batch) {
        for (OffsetRange range : batch.ranges()) {
            nextOffsets.computeIfPresent(range.partition(), (p, old) -> range.untilOffset());
        }
        lastBatchId = Math.max(lastBatchId, batch.batchId());
    }
}
