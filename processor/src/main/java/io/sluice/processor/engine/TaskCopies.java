package io.sluice.processor.engine;

import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.apache.kafka.common.TopicPartition;

/**
 * The local copies of stateful tasks' state this instance holds, for the group's assignor to place
 * tasks by, and the standby tasks the group leader asked this instance to keep: what the batch
 * thread and the {@link StandbyAssignor} share.
 *
 * <p>A copy's currency is the sum of its stores' changelog offsets: of two copies of one task, the
 * higher one has less left to restore. Only copies this process opened since it started are known
 * (standbys, and active tasks once revoked); copies left on disk by an earlier process are not
 * reported. Thread-safe: the consumer calls the assignor inside {@code poll()}.
 */
final class TaskCopies {
    private final Map<TopicPartition, Long> held = new ConcurrentHashMap<>();
    private volatile Set<TopicPartition> standbys = Set.of();

    /** The sum of {@code offsets}, a copy's currency; a store never written counts 0. */
    static long currency(Iterable<OptionalLong> offsets) {
        long sum = 0;
        for (OptionalLong offset : offsets) {
            sum += offset.orElse(0);
        }
        return sum;
    }

    /** Notes that this instance holds a copy of {@code task} with the given currency. */
    void hold(TopicPartition task, long currency) {
        held.put(task, currency);
    }

    /** Notes that the copy of {@code task} is gone (wiped). */
    void drop(TopicPartition task) {
        held.remove(task);
    }

    /** The copies held, with their currency (a snapshot). */
    Map<TopicPartition, Long> held() {
        return Map.copyOf(held);
    }

    /**
     * Records the standby tasks of the latest assignment; called from {@link
     * ConsumerPartitionAssignor#onAssignment}.
     */
    void standbysAssigned(Set<TopicPartition> tasks) {
        standbys = Set.copyOf(tasks);
    }

    /** The standby tasks of the latest assignment. */
    Set<TopicPartition> standbys() {
        return standbys;
    }
}
