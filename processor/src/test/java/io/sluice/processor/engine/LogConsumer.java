package io.sluice.processor.engine;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;

/**
 * Kafka's {@link MockConsumer} over an in-memory log, so that it reads like a broker: each poll
 * returns what follows the position of every assigned, unpaused partition, and a seek back (the
 * rewind after an abort) reads the same records again. Rebalances are scripted as poll tasks, so
 * the engine's listener runs inside {@code poll()} as it does with a real consumer.
 */
final class LogConsumer extends MockConsumer<byte[], byte[]> {
    private final Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> log = new HashMap<>();
    private int recordsPerPoll = Integer.MAX_VALUE;

    LogConsumer() {
        super("earliest");
    }

    /** Appends records with these values to the partition's log; they are stable at once. */
    LogConsumer append(TopicPartition partition, String... values) {
        List<ConsumerRecord<byte[], byte[]>> records =
                log.computeIfAbsent(partition, p -> new ArrayList<>());
        for (String value : values) {
            long offset = records.size();
            records.add(
                    new ConsumerRecord<>(
                            partition.topic(),
                            partition.partition(),
                            offset,
                            1_000 + offset,
                            TimestampType.CREATE_TIME,
                            -1,
                            value.length(),
                            null,
                            value.getBytes(StandardCharsets.UTF_8),
                            new RecordHeaders(),
                            Optional.empty()));
        }
        updateBeginningOffsets(Map.of(partition, 0L));
        updateEndOffsets(Map.of(partition, (long) records.size()));
        return this;
    }

    /** Makes each poll return at most {@code records} records per partition. */
    LogConsumer recordsPerPoll(int records) {
        this.recordsPerPoll = records;
        return this;
    }

    /** The group assigns {@code partitions} in the next poll. */
    LogConsumer assignOnNextPoll(Collection<TopicPartition> partitions) {
        schedulePollTask(() -> rebalance(partitions));
        return this;
    }

    /**
     * The group moves to {@code assignment} in the first poll (after those scheduled before) at
     * which {@code condition} holds; partitions not in it are revoked.
     */
    LogConsumer rebalanceWhen(BooleanSupplier condition, Collection<TopicPartition> assignment) {
        schedulePollTask(
                new Runnable() {
                    @Override
                    public void run() {
                        if (condition.getAsBoolean()) {
                            rebalance(assignment);
                        } else {
                            schedulePollTask(this);
                        }
                    }
                });
        return this;
    }

    @Override
    public synchronized ConsumerRecords<byte[], byte[]> poll(Duration timeout) {
        Set<TopicPartition> paused = paused();
        for (TopicPartition partition : assignment()) {
            if (!paused.contains(partition)) {
                serve(partition);
            }
        }
        return super.poll(timeout);
    }

    /** Hands the mock the records after the position; the mock drops them all in this poll. */
    private void serve(TopicPartition partition) {
        List<ConsumerRecord<byte[], byte[]>> records = log.getOrDefault(partition, List.of());
        long from = position(partition);
        long until = Math.min(records.size(), from + recordsPerPoll);
        for (long offset = from; offset < until; offset++) {
            addRecord(records.get((int) offset));
        }
    }
}
