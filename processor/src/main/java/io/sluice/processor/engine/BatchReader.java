package io.sluice.processor.engine;

import io.sluice.processor.BatchRetryException;
import io.sluice.processor.batch.MicroBatch;
import io.sluice.processor.batch.OffsetRange;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads exactly a batch's offset ranges from the consumer.
 *
 * <p>Implementation notes: a poll can return records past a range's {@code untilOffset}, or of
 * partitions the batch does not read; those wait in a per-partition stash for a later batch, so
 * nothing is fetched twice. A range is complete when the consumer's position reaches its {@code
 * untilOffset}: transaction markers and aborted records occupy offsets that no poll returns, so
 * waiting for a record at {@code untilOffset - 1} could wait forever.
 *
 * <p>Every partition stays in the fetches while a batch reads, so that the next plan can trust the
 * last stable offsets they report ({@link BatchSchedule}); a partition is paused only when its
 * stash holds {@value #STASH_PAUSE_RECORDS} records, as it can under a backlog. Pausing every
 * partition read to its end also left a fetch waiting at the broker for the paused partitions'
 * records, which held back the other partitions' fetches until {@code fetch.max.wait.ms}.
 *
 * <p>The stash is kept small because its records outlive young collections: with polls of {@value
 * #POLL_RECORDS} records, a batch's read leaves at most about two polls' worth per partition.
 * Carrying a whole fetch per partition (some 7,000 moved rows) promoted them into the old
 * generation, which grew by hundreds of megabytes between full collections. {@link #pollIdle},
 * between batches, does not pause: under the default trigger it waits out at most the floor, but a
 * long {@code interval} over a backlog stashes every poll of the wait.
 */
final class BatchReader {
    /** The most records a poll returns ({@code max.poll.records}). */
    static final int POLL_RECORDS = 500;

    /** Stashed records of a partition past which it is paused until the batch ends: one poll's. */
    static final int STASH_PAUSE_RECORDS = POLL_RECORDS;

    private final org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> consumer;
    private final Duration pollTimeout;
    private final Map<TopicPartition, ArrayDeque<ConsumerRecord<byte[], byte[]>>> stash =
            new HashMap<>();

    BatchReader(
            org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> consumer,
            Duration pollTimeout) {
        this.consumer = consumer;
        this.pollTimeout = pollTimeout;
    }

    /**
     * Feeds every record of the batch's ranges to {@code handler}, in offset order per partition.
     *
     * @param invalidated tells whether a rebalance took a partition of this batch away
     * @throws BatchRetryException when the batch cannot finish: partitions revoked, or the ranges
     *     were not read within {@code timeout}
     */
    void read(
            MicroBatch batch,
            Consumer<ConsumerRecord<byte[], byte[]>> handler,
            BooleanSupplier invalidated,
            Duration timeout) {
        Map<TopicPartition, OffsetRange> open = new HashMap<>();
        for (OffsetRange range : batch.ranges()) {
            drainStash(range, handler);
            if (consumer.position(range.partition()) < range.untilOffset()) {
                open.put(range.partition(), range);
            }
        }
        if (open.isEmpty()) {
            return; // read from the stash alone, as under a slow input
        }
        // partitions paused by others (tasks restoring their state) stay paused after the batch
        Set<TopicPartition> held = new HashSet<>(consumer.paused());
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (!open.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new ReadTimeoutException(
                            "the batch's ranges were not read within "
                                    + timeout
                                    + ": "
                                    + open.values());
                }
                ConsumerRecords<byte[], byte[]> records = consumer.poll(pollTimeout);
                // Rebalances run inside poll(); checked before completeReached, which asks the
                // position of the open ranges' partitions and would throw for a revoked one.
                if (invalidated.getAsBoolean()) {
                    throw new BatchRetryException(
                            "a rebalance revoked partitions of the batch", null);
                }
                dispatch(records, open, handler);
                completeReached(open);
            }
        } finally {
            Set<TopicPartition> resume = new HashSet<>(consumer.paused());
            resume.removeAll(held);
            consumer.resume(resume);
        }
    }

    /** Polls while no batch runs, so the group stays alive and arriving records are kept. */
    void pollIdle(Duration timeout) {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(timeout);
        for (TopicPartition partition : records.partitions()) {
            stash(partition).addAll(records.records(partition));
        }
    }

    /** Whether records are waiting in the stash. */
    boolean hasStashed() {
        for (ArrayDeque<ConsumerRecord<byte[], byte[]>> records : stash.values()) {
            if (!records.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** Forgets stashed records and moves the consumer back to the given offsets. */
    void rewind(Map<TopicPartition, Long> nextOffsets) {
        stash.clear();
        Set<TopicPartition> assigned = consumer.assignment();
        nextOffsets.forEach(
                (partition, offset) -> {
                    if (assigned.contains(partition)) {
                        consumer.seek(partition, offset);
                    }
                });
    }

    /** Forgets the stash of partitions that are no longer ours. */
    void forget(Collection<TopicPartition> partitions) {
        partitions.forEach(stash::remove);
    }

    private void dispatch(
            ConsumerRecords<byte[], byte[]> records,
            Map<TopicPartition, OffsetRange> open,
            Consumer<ConsumerRecord<byte[], byte[]>> handler) {
        for (TopicPartition partition : records.partitions()) {
            OffsetRange range = open.get(partition);
            for (ConsumerRecord<byte[], byte[]> record : records.records(partition)) {
                if (range != null && record.offset() < range.untilOffset()) {
                    if (record.offset() >= range.fromOffset()) {
                        handler.accept(record);
                    }
                } else {
                    stash(partition).add(record);
                }
            }
        }
    }

    private void completeReached(Map<TopicPartition, OffsetRange> open) {
        Iterator<OffsetRange> ranges = open.values().iterator();
        while (ranges.hasNext()) {
            OffsetRange range = ranges.next();
            if (consumer.position(range.partition()) >= range.untilOffset()) {
                ranges.remove();
            }
        }
        for (Map.Entry<TopicPartition, ArrayDeque<ConsumerRecord<byte[], byte[]>>> entry :
                stash.entrySet()) {
            if (entry.getValue().size() >= STASH_PAUSE_RECORDS
                    && !open.containsKey(entry.getKey())
                    && consumer.assignment().contains(entry.getKey())) {
                consumer.pause(Set.of(entry.getKey()));
            }
        }
    }

    private void drainStash(OffsetRange range, Consumer<ConsumerRecord<byte[], byte[]>> handler) {
        ArrayDeque<ConsumerRecord<byte[], byte[]>> records = stash.get(range.partition());
        if (records == null) {
            return;
        }
        while (!records.isEmpty() && records.peekFirst().offset() < range.untilOffset()) {
            ConsumerRecord<byte[], byte[]> record = records.pollFirst();
            if (record.offset() >= range.fromOffset()) {
                handler.accept(record);
            }
        }
    }

    private ArrayDeque<ConsumerRecord<byte[], byte[]>> stash(TopicPartition partition) {
        return stash.computeIfAbsent(partition, p -> new ArrayDeque<>());
    }
}
