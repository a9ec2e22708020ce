package io.sluice.processor.engine;

import io.sluice.processor.plan.Trigger;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * When the next batch may start and how far it may read, per trigger.
 *
 * <p>Batches read up to the last stable offset ({@code endOffsets} of a read_committed consumer),
 * except with {@code availableNow}, where each partition's end is fixed the first time it is
 * assigned, so the run ends once that much is processed however fast new input arrives.
 */
class BatchSchedule {
    private static final Duration END_OFFSETS_TIMEOUT = Duration.ofSeconds(30);

    final Consumer<byte[], byte[]> consumer;

    BatchSchedule(Consumer<byte[], byte[]> consumer) {
        this.consumer = consumer;
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
        if (trigger instanceof Trigger.Interval interval) {
            return new Every(consumer, interval.interval());
        }
        if (trigger instanceof Trigger.AvailableNow) {
            return new AvailableNow(consumer, assignmentTimeout, internalTopics);
        }
        if (trigger instanceof Trigger.AsFastAsPossible fast && !fast.minInterval().isZero()) {
            // as fast as possible, no sooner than the minimum interval: an interval's schedule
            return new Every(consumer, fast.minInterval());
        }
        return new BatchSchedule(consumer);
    }

    /** How long until a batch may start; zero when it may start now. */
    Duration untilNextBatch() {
        return Duration.ZERO;
    }

    void batchStarted() {}

    /** The offset each partition's range may read up to. */
    Map<TopicPartition, Long> endOffsets(Set<TopicPartition> partitions) {
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

        Every(Consumer<byte[], byte[]> consumer, Duration interval) {
            super(consumer);
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
        private final Set<String> internalTopics;

        AvailableNow(
                Consumer<byte[], byte[]> consumer,
                Duration assignmentTimeout,
                Set<String> internalTopics) {
            super(consumer);
            this.giveUpNanos = System.nanoTime() + assignmentTimeout.toNanos();
            this.internalTopics = Set.copyOf(internalTopics);
        }

        @Override
        Map<TopicPartition, Long> endOffsets(Set<TopicPartition> partitions) {
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
                targets.putAll(super.endOffsets(unknown));
            }
            Map<TopicPartition, Long> ends =
                    internal.isEmpty() ? new HashMap<>() : super.endOffsets(internal);
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
