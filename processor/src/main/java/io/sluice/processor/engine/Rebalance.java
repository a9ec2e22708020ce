package io.sluice.processor.engine;

import io.sluice.processor.batch.MicroBatch;
import io.sluice.processor.batch.OffsetMetadata;
import io.sluice.processor.batch.OffsetRange;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows partition ownership: an assigned partition starts at its committed offset (or the
 * starting-offsets policy), with the batch id from its commit's metadata, and its stateful task (if
 * any) is registered for restore, which the batch loop runs later; a revoked or lost partition is
 * forgotten, and a batch in flight that reads it is invalidated so it aborts.
 *
 * <p>Called inside {@code poll()}, so on the batch thread.
 */
final class Rebalance implements ConsumerRebalanceListener {
    private static final Logger log = LoggerFactory.getLogger(Rebalance.class);

    private final Consumer<byte[], byte[]> consumer;
    private final PartitionProgress progress;
    private final BatchReader reader;
    private final StateTasks aggregation; // null for stateless pipelines
    private final EngineListener listener;
    private final Set<String> internalTopics;
    private final Set<TopicPartition> inFlight = new HashSet<>();
    private boolean invalidated;

    Rebalance(
            Consumer<byte[], byte[]> consumer,
            PartitionProgress progress,
            BatchReader reader,
            StateTasks aggregation,
            EngineListener listener) {
        this(consumer, progress, reader, aggregation, listener, Set.of());
    }

    /**
     * A listener that starts the partitions of {@code internalTopics} (the repartition topic) at
     * their beginning when nothing was committed for them, whatever the source's starting offsets:
     * what earlier batches moved there must be read, never skipped.
     */
    Rebalance(
            Consumer<byte[], byte[]> consumer,
            PartitionProgress progress,
            BatchReader reader,
            StateTasks aggregation,
            EngineListener listener,
            Set<String> internalTopics) {
        this.internalTopics = Set.copyOf(internalTopics);
        this.consumer = consumer;
        this.progress = progress;
        this.reader = reader;
        this.aggregation = aggregation;
        this.listener = listener;
    }

    void batchStarted(MicroBatch batch) {
        inFlight.clear();
        for (OffsetRange range : batch.ranges()) {
            inFlight.add(range.partition());
        }
        invalidated = false;
    }

    void batchEnded() {
        inFlight.clear();
    }

    boolean isBatchInvalidated() {
        return invalidated;
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            listener.partitionsAssigned(partitions);
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> committed =
                consumer.committed(new HashSet<>(partitions));
        for (TopicPartition partition : partitions) {
            OffsetAndMetadata offset = committed.get(partition);
            if (offset != null) {
                consumer.seek(partition, offset);
            } else if (internalTopics.contains(partition.topic())) {
                // with startingOffsets: latest, a reset would skip rows moved before a crash
                consumer.seekToBeginning(List.of(partition));
            }
            OffsetMetadata metadata =
                    offset == null ? OffsetMetadata.NONE : OffsetMetadata.parse(offset.metadata());
            progress.assign(partition, consumer.position(partition), metadata);
            if (aggregation != null) {
                aggregation.assigned(partition, metadata.watermarkMs());
            }
        }
        log.info("Assigned {}", partitions);
        listener.partitionsAssigned(partitions);
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        forget(partitions, "Revoked");
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
        forget(partitions, "Lost");
    }

    private void forget(Collection<TopicPartition> partitions, String how) {
        if (partitions.isEmpty()) {
            return;
        }
        for (TopicPartition partition : partitions) {
            if (inFlight.contains(partition)) {
                invalidated = true;
            }
        }
        progress.revoke(partitions);
        reader.forget(partitions);
        if (aggregation != null) {
            aggregation.revoked(partitions);
        }
        log.info("{} {}", how, partitions);
        listener.partitionsRevoked(partitions);
    }
}
