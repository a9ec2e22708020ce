package io.sluice.processor.dstream;

import java.io.Serializable;

/**
 * Spark's {@code Partitioner}, taken by the keyed operations' partitioner overloads so that code
 * migrated from Spark Streaming keeps its calls: it changes nothing here, where one process holds
 * every key of a stream and orders the keys itself. The operations check only that its {@link
 * #numPartitions()} is positive.
 */
public interface Partitioner extends Serializable {

    /** How many partitions Spark would spread the keys over; positive. */
    int numPartitions();

    /** The partition Spark would put {@code key} in, in {@code [0, numPartitions())}. */
    int getPartition(Object key);

    /**
     * Spark's {@code HashPartitioner}: a key's hash code modulo {@code numPartitions}, never
     * negative; a null key goes to partition 0.
     *
     * @throws IllegalArgumentException when {@code numPartitions} is not positive
     */
    static Partitioner hash(int numPartitions) {
        return new HashPartitioner(Partitions.check(numPartitions));
    }
}
