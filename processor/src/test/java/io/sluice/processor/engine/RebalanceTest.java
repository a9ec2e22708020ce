package io.sluice.processor.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * Where assigned partitions start: committed offsets, else the policy, but never skip moved rows.
 */
class RebalanceTest {
    private static final TopicPartition SOURCE = new TopicPartition("invoices", 0);
    private static final TopicPartition MOVED = new TopicPartition("p-repartition", 0);

    private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("latest");

    @Test
    void
            shouldReadTheRepartitionTopicFromItsBeginningWhenNothingWasCommittedAndSourcesStartLatest() {
        consumer.assign(List.of(SOURCE, MOVED));
        consumer.updateBeginningOffsets(Map.of(SOURCE, 0L, MOVED, 0L));
        consumer.updateEndOffsets(Map.of(SOURCE, 40L, MOVED, 25L));
        PartitionProgress progress = new PartitionProgress();
        Rebalance rebalance =
                new Rebalance(
                        consumer,
                        progress,
                        new BatchReader(consumer, Duration.ofMillis(1)),
                        null,
                        EngineListener.NONE,
                        Set.of(MOVED.topic()));

        rebalance.onPartitionsAssigned(List.of(SOURCE, MOVED));

        // the source follows startingOffsets: latest; rows an earlier batch moved are all read
        assertThat(progress.nextOffsets()).containsEntry(SOURCE, 40L).containsEntry(MOVED, 0L);
    }
}
