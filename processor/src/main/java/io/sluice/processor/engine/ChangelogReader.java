package io.sluice.processor.engine;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a changelog partition from an offset to its end with a read_committed consumer of its own
 * (no group), to restore a task's state.
 */
final class ChangelogReader implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    /** Receives restored entries; a null value is a deletion. */
    @FunctionalInterface
    interface Entries {
        void apply(List<ConsumerRecord<byte[], byte[]>> records);
    }

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final EngineListener listener;

    ChangelogReader(EngineSettings settings, EngineListener listener) {
        this.listener = listener;
        Map<String, Object> config = ClientConfigs.restoreConsumer(settings);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        this.consumer = new KafkaConsumer<>(config);
    }

    /**
     * Replays {@code partition} from {@code fromOffset} (inclusive) to its last stable offset.
     *
     * @return the offset after the last one read: where the next restore starts
     * @throws org.apache.kafka.common.errors.TimeoutException when the end is not reached in time
     */
    long restore(TopicPartition partition, long fromOffset, Entries entries) {
        consumer.assign(List.of(partition));
        long end = consumer.endOffsets(List.of(partition), TIMEOUT).get(partition);
        if (fromOffset >= end) {
            return end; // below fromOffset when the local state is ahead of the changelog
        }
        consumer.seek(partition, fromOffset);
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (consumer.position(partition) < end) {
            if (System.nanoTime() > deadline) {
                throw new org.apache.kafka.common.errors.TimeoutException(
                        "restoring "
                                + partition
                                + " did not reach offset "
                                + end
                                + " in "
                                + TIMEOUT);
            }
            List<ConsumerRecord<byte[], byte[]>> records = consumer.poll(POLL).records(partition);
            if (!records.isEmpty()) {
                entries.apply(records);
                listener.restoring(
                        partition, consumer.position(partition) - fromOffset, end - fromOffset);
            }
        }
        consumer.assign(List.of());
        return end;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
