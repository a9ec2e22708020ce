package io.sluice.processor.engine;

import io.sluice.processor.plan.Trigger;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * When the next batch may start and how far it may read, per trigger.
 *
 * <p>Batches read up to the last stable offset, except with {@code availableNow}, where each
 * partition's end is fixed the first time it is assigned, so the run ends once that much is
 * processed however fast new input arrives.
 *
 * <p>Implementation notes: a range ends at the last stable offset the consumer's latest fetch of
 * the partition reported, without asking the broker. That fetch is at most {@code
 * fetch.max.wait.ms} old, as the reader keeps every partition in the fetches; what arrived since
 * waits for the next batch. Under a slow input the records are all fetched by then, and under a
 * backlog the fetches that read them fill at once, so a batch seldom waits for a fetch the broker
 * holds. A partition not fetched yet, and the internal topics, whose records the last batch's
 * commit just made readable, are asked of the broker ({@code endOffsets} of a read_committed
 * consumer).
 */
class BatchSchedule {
    private static final Duration END_OFFSETS_TIMEOUT = Duration.ofSeconds(30);

    final Consumer<byte[], byte[]> consumer;
    final Set<String> internalTopics;

    BatchSchedule(Consumer<byte[], byte[]> consumer, Set<String> internalTopics) {
        this.consumer = consumer;
        this.internalTopics = Set.copyOf(internalTopics);
    }

    /**
     * The schedule of {@code trigger}; {@code internalTopics} (the repartition topic) are always
     * read to their end, as what the run itself writes there belongs to the run.
     */
    static BatchSchedule of(
            Trigger trigger,
            Consumer<byte[], byte[]> consumer,
            Duration assignmentTimeout,
            Set<String> internalTopics) {
        if (trigger instanceof Trigger.AvailableNow) {
            return new AvailableNow(consumer, assignmentTimeout, internalTopics);
        }
        // an interval, or as fast as possible no sooner than the minimum interval: one schedule
        Duration floor = trigger.floorBetweenBatches();
        return floor.isZero()
                ? new BatchSchedule(consumer, internalTopics)
                : new Every(consumer, internalTopics, floor);
    }

    /** How long until a batch may start; zero when it may start now. */
    Duration untilNextBatch() {
        return Duration.ZERO;
    }

    void batchStarted() {}

    /** The offset each partition's range, which starts at {@code next}, may read up to. */
    Map<TopicPartition, Long> endOffsets(Map<TopicPartition, Long> next) {
        Map<TopicPartition, Long> ends = new HashMap<>();
        Set<TopicPartition> unfetched = new HashSet<>();
        next.forEach(
                (partition, from) -> {
                    long fetched = fetchedEnd(partition, from);
                    if (fetched < 0) {
                        unfetched.add(partition);
                    } else {
                        ends.put(partition, fetched);
                    }
                });
        if (!unfetched.isEmpty()) {
            ends.putAll(brokerEnds(unfetched));
        }
        return ends;
    }

    /** The last stable offset the consumer's latest fetch of the partition reported; else -1. */
    private long fetchedEnd(TopicPartition partition, long from) {
        if (internalTopics.contains(partition.topic())) {
            return -1;
        }
        OptionalLong lag = consumer.currentLag(partition); // empty until a fetch reported it
        if (lag.isEmpty() || lag.getAsLong() < 0) {
            return -1;
        }
        long end = consumer.position(partition) + lag.getAsLong();
        return end >= from ? end : -1;
    }

    /** The last stable offsets, asked of the broker. */
    Map<TopicPartition, Long> brokerEnds(Set<TopicPartition> partitions) {
        return consumer.endOffsets(partitions, END_OFFSETS_TIMEOUT);
    }

    /** Whether an empty plan means the run is done. */
    boolean isDrained() {
        return false;
    }

    /** Whether to stop waiting for partitions to be assigned. */
    boolean giveUpWaitingForAssignment() {
        return false;
    }

    /** A batch every interval; a batch slower than the interval delays the next one. */
    private static final class Every extends BatchSchedule {
        private final long intervalNanos;
        private long nextStartNanos = System.nanoTime();

        Every(Consumer<byte[], byte[]> consumer, Set<String> internalTopics, Duration interval) {
            super(consumer, internalTopics);
            this.intervalNanos = interval.toNanos();
        }

        @Override
        Duration untilNextBatch() {
            long wait = nextStartNanos - System.nanoTime();
            return wait > 0 ? Duration.ofNanos(wait) : Duration.ZERO;
        }

        @Override
        void batchStarted() {
            nextStartNanos = System.nanoTime() + intervalNanos;
        }
    }

    /** Process what is there when each partition is first assigned, then finish. */
    private static final class AvailableNow extends BatchSchedule {
        private final Map<TopicPartition, Long> targets = new HashMap<>();
        private final long giveUpNanos;

        AvailableNow(
                Consumer<byte[], byte[]> consumer,
                Duration assignmentTimeout,
                Set<String> internalTopics) {
            super(consumer, internalTopics);
            this.giveUpNanos = System.nanoTime() + assignmentTimeout.toNanos();
        }

        @Override
        Map<TopicPartition, Long> endOffsets(Map<TopicPartition, Long> next) {
            Set<TopicPartition> partitions = next.keySet();
            Set<TopicPartition> unknown = new HashSet<>();
            Set<TopicPartition> internal = new HashSet<>();
            for (TopicPartition partition : partitions) {
                if (internalTopics.contains(partition.topic())) {
                    internal.add(partition);
                } else if (!targets.containsKey(partition)) {
                    unknown.add(partition);
                }
            }
            if (!unknown.isEmpty()) {
                targets.putAll(brokerEnds(unknown));
            }
            Map<TopicPartition, Long> ends =
                    internal.isEmpty() ? new HashMap<>() : brokerEnds(internal);
            for (TopicPartition partition : partitions) {
                if (!internal.contains(partition)) {
                    ends.put(partition, targets.get(partition));
                }
            }
            return ends;
        }

        @Override
        boolean isDrained() {
            return true;
        }

        @Override
        boolean giveUpWaitingForAssignment() {
            return System.nanoTime() > giveUpNanos;
        }
    }
}
