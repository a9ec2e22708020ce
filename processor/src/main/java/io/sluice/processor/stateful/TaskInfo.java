package io.sluice.processor.stateful;

import org.apache.kafka.common.utils.Utils;

/**
 * Which task an operator runs on: partition {@code partition} of {@code partitions}, and whether
 * the engine placed the keys on tasks itself, so that an operator can tell the keys its task owns
 * (to seed an initial state, say).
 *
 * @param partition the task's partition: of the repartition topic, or of the source
 * @param partitions the number of tasks
 * @param placedByKeyHash whether each key's task is {@link #taskOf} its key bytes (rows move
 *     through the repartition topic, or there is one task); false when the source's producer chose
 *     (a source declared {@code partitionedBy} its key columns)
 */
public record TaskInfo(int partition, int partitions, boolean placedByKeyHash) {

    public TaskInfo {
        if (partitions < 1 || partition < 0 || partition >= partitions) {
            throw new IllegalArgumentException(
                    String.format(
                            "a task is partition 0 to %d of %d, got %d",
                            partitions - 1, partitions, partition));
        }
    }

    /** The one task of a single-partition source, which owns every key. */
    public static TaskInfo single() {
        return new TaskInfo(0, 1, true);
    }

    /**
     * The task of a key among {@code partitions}: murmur2 of its bytes (the Avro binary of the key
     * columns), as Kafka's default partitioner places a keyed record.
     */
    public static int taskOf(byte[] keyBytes, int partitions) {
        return Utils.toPositive(Utils.murmur2(keyBytes)) % partitions;
    }

    /** Whether this task can answer {@link #owns}. */
    public boolean knowsItsKeys() {
        return partitions == 1 || placedByKeyHash;
    }

    /**
     * Whether the key with these bytes (the Avro binary of the key columns) belongs to this task.
     *
     * @throws IllegalStateException when the task cannot tell ({@link #knowsItsKeys()} is false)
     */
    public boolean owns(byte[] keyBytes) {
        if (partitions == 1) {
            return true;
        }
        if (!placedByKeyHash) {
            throw new IllegalStateException(
                    "task "
                            + partition
                            + " cannot tell which keys it owns: the source's producer placed them");
        }
        return taskOf(keyBytes, partitions) == partition;
    }
}
