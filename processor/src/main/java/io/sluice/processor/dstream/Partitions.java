package io.sluice.processor.dstream;

/**
 * The checks of the {@code numPartitions} and {@link Partitioner} arguments the keyed operations
 * take from Spark's API and otherwise ignore: one process orders the keys of a stream itself.
 */
final class Partitions {

    private Partitions() {}

    /**
     * {@code numPartitions}, once known to be positive.
     *
     * @throws IllegalArgumentException when it is not, as Spark refuses it
     */
    static int check(int numPartitions) {
        Checks.argument(
                numPartitions > 0,
                "numPartitions must be positive, got %s (it spreads keys over Spark's tasks; here"
                        + " it changes nothing)",
                numPartitions);
        return numPartitions;
    }

    /**
     * Checks that {@code partitioner} is given and has a positive number of partitions.
     *
     * @throws IllegalArgumentException when it does not
     */
    static void check(Partitioner partitioner) {
        Checks.argument(partitioner != null, "partitioner must not be null");
        check(partitioner.numPartitions());
    }
}
