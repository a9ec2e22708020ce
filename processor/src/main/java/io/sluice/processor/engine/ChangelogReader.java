package io.sluice.processor.engine;

import io.sluice.processor.state.ChangelogEntry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads changelog partitions to restore tasks' state, one chunk at a time: a read_committed
 * consumer of its own (no group), assigned the changelog partitions being restored, and a
 * read_uncommitted one that only asks where the partitions end.
 *
 * <p>A chunk is one poll, at most the consumer's {@code max.poll.records} (10,000 by default). Used
 * by the batch thread only.
 */
final class ChangelogReader implements AutoCloseable {
    // short: a restore's last fetch often returns only commit markers, and a poll that returns no
    // record waits its whole timeout, which a fail-over would add to its gap
    private static final Duration POLL = Duration.ofMillis(10);
    private static final Duration END_OFFSETS_TIMEOUT = Duration.ofSeconds(30);

    // a standby's chunk: small enough that applying it between batches delays none by much
    private static final int STANDBY_MAX_POLL_RECORDS = 5_000;

    private final Consumer<byte[], byte[]> consumer;
    private final Consumer<byte[], byte[]> ends;
    private final Duration pollTimeout;
    private final Set<TopicPartition> reading = new HashSet<>();

    ChangelogReader(EngineSettings settings) {
        this(ClientConfigs.restoreConsumer(settings), POLL);
    }

    /**
     * A reader over {@code consumer}, which it closes, asking {@code ends} where partitions end:
     * for tests with a mock consumer, which may be both.
     */
    ChangelogReader(Consumer<byte[], byte[]> consumer, Consumer<byte[], byte[]> ends) {
        this(consumer, ends, POLL);
    }

    /** A reader whose polls wait at most {@code pollTimeout} for records. */
    ChangelogReader(
            Consumer<byte[], byte[]> consumer,
            Consumer<byte[], byte[]> ends,
            Duration pollTimeout) {
        this.consumer = consumer;
        this.ends = ends;
        this.pollTimeout = pollTimeout;
    }

    private ChangelogReader(Map<String, Object> config, Duration pollTimeout) {
        this(
                newConsumer(config, "read_committed"),
                newConsumer(config, "read_uncommitted"),
                pollTimeout);
    }

    /**
     * A reader for standby tasks: its polls never wait (records already fetched, or none), and a
     * chunk is at most 5,000 records, so that following runs between batches without delaying them.
     */
    static ChangelogReader forStandbys(EngineSettings settings) {
        Map<String, Object> config = ClientConfigs.restoreConsumer(settings);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, STANDBY_MAX_POLL_RECORDS);
        return new ChangelogReader(config, Duration.ZERO);
    }

    private static Consumer<byte[], byte[]> newConsumer(
            Map<String, Object> shared, String isolationLevel) {
        Map<String, Object> config = new java.util.HashMap<>(shared);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolationLevel);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return new KafkaConsumer<>(config);
    }

    /**
     * The end (high watermark) of each of {@code partitions}: where their restore ends.
     *
     * <p>Not the last stable offset: a task's previous owner that died inside a transaction has
     * another transactional id, so its transaction stays open until the broker's transaction
     * timeout, and the last stable offset stays below it, hiding what a later owner committed after
     * it. A restore that ended there would miss those changes (Kafka Streams met this as
     * KAFKA-10167). The read_committed reader cannot pass the open transaction, so the restore
     * waits until the broker has decided it.
     *
     * @throws org.apache.kafka.common.errors.TimeoutException when the broker does not answer
     */
    Map<TopicPartition, Long> endOffsets(Collection<TopicPartition> partitions) {
        if (ends != consumer) {
            // assigned, or the client warns that it got a high watermark it did not ask for
            ends.assign(partitions);
        }
        return ends.endOffsets(partitions, END_OFFSETS_TIMEOUT);
    }

    /** Starts reading {@code partition} at {@code fromOffset}, 0 meaning its first record. */
    void start(TopicPartition partition, long fromOffset) {
        reading.add(partition);
        consumer.assign(reading);
        if (fromOffset == 0) {
            // a compacted or trimmed changelog may start above offset 0
            consumer.seekToBeginning(List.of(partition));
        } else {
            consumer.seek(partition, fromOffset);
        }
    }

    /** Stops reading {@code partitions}; their records not yet polled are dropped. */
    void stop(Collection<TopicPartition> partitions) {
        if (reading.removeAll(partitions)) {
            consumer.assign(reading);
        }
    }

    /** Whether any partition is being read. */
    boolean isReading() {
        return !reading.isEmpty();
    }

    /** The next chunk of the partitions being read; empty when none is. */
    ConsumerRecords<byte[], byte[]> poll() {
        return reading.isEmpty() ? ConsumerRecords.empty() : consumer.poll(pollTimeout);
    }

    /** The offset the next record of {@code partition} (being read) will have. */
    long position(TopicPartition partition) {
        return consumer.position(partition);
    }

    /**
     * How many records {@code partition} (being read) has after the position, as of the last fetch;
     * empty before the first.
     */
    OptionalLong lag(TopicPartition partition) {
        return consumer.currentLag(partition);
    }

    @Override
    public void close() {
        consumer.close();
        if (ends != consumer) {
            ends.close();
        }
    }

    /** Changelog records as the entries a store restores: a null value deletes its key. */
    static List<ChangelogEntry> entries(List<ConsumerRecord<byte[], byte[]>> records) {
        List<ChangelogEntry> entries = new ArrayList<>(records.size());
        for (ConsumerRecord<byte[], byte[]> record : records) {
            entries.add(
                    record.value() == null
                            ? ChangelogEntry.tombstone(record.key())
                            : ChangelogEntry.put(record.key(), record.value()));
        }
        return entries;
    }
}
