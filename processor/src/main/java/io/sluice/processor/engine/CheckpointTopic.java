package io.sluice.processor.engine;

import io.sluice.processor.ConfigException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A checkpoint topic keeps a job's last checkpoint: a compacted topic of one partition, written
 * under one key in each batch's transaction, so its last committed record is the state that goes
 * with the committed offsets.
 */
public final class CheckpointTopic {
    private static final long TIMEOUT_SECONDS = 60;
    private static final Duration POLL = Duration.ofMillis(200);

    private CheckpointTopic() {}

    /**
     * Creates {@code topic} if it is missing and returns its last committed value, if any.
     *
     * @throws ConfigException when the topic cannot be created or read
     */
    public static Optional<byte[]> prepareAndReadLast(EngineSettings settings, String topic) {
        return prepareAndReadLast(settings, topic, null);
    }

    /**
     * Creates {@code topic} if it is missing and returns the last committed value under {@code key}
     * (under any key when null), if any.
     *
     * @throws ConfigException when the topic cannot be created or read
     */
    static Optional<byte[]> prepareAndReadLast(EngineSettings settings, String topic, byte[] key) {
        try (Admin admin = Admin.create(ClientConfigs.admin(settings))) {
            admin.createTopics(
                            List.of(
                                    new NewTopic(topic, 1, (short) -1)
                                            .configs(Map.of("cleanup.policy", "compact"))))
                    .all()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new ConfigException("cannot create " + topic + ": " + e.getCause(), e);
            }
        } catch (TimeoutException e) {
            throw new ConfigException("creating " + topic + " timed out", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConfigException("interrupted while creating " + topic, e);
        }
        Map<String, Object> config = ClientConfigs.restoreConsumer(settings);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        TopicPartition partition = new TopicPartition(topic, 0);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end =
                    consumer.endOffsets(List.of(partition), Duration.ofSeconds(TIMEOUT_SECONDS))
                            .get(partition);
            byte[] last = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
            while (consumer.position(partition) < end) {
                if (System.nanoTime() > deadline) {
                    throw new ConfigException("reading " + topic + " timed out");
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    if (key == null || Arrays.equals(key, record.key())) {
                        last = record.value();
                    }
                }
            }
            return Optional.ofNullable(last);
        }
    }
}
