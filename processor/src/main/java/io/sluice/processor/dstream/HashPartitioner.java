package io.sluice.processor.dstream;

/**
 * The partitioner of {@link Partitioner#hash}.
 *
 * @param numPartitions how many partitions, positive
 */
record HashPartitioner(int numPartitions) implements Partitioner {

    @Override
    public int getPartition(Object key) {
        return key == null ? 0 : Math.floorMod(key.hashCode(), numPartitions);
    }
}
