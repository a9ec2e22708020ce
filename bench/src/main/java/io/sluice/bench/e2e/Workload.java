package io.sluice.bench.e2e;

import java.io.IOException;

/**
 * One workload of the benchmark.
 *
 * @param id its name in the results and in topic names, such as {@code sluice-json-to-avro}
 * @param engine what runs it
 * @param pipeline what it computes ({@code copy}, {@code json-to-avro}, ...): workloads of the same
 *     pipeline are compared
 * @param expectation how many outputs it makes
 * @param isSinglePartitionInput whether it reads a one-partition copy of the input (Sluice
 *     aggregates only single-partition sources until it repartitions; the Kafka Streams version of
 *     the same pipeline reads the same copy, so that the two compare)
 * @param launcher how to start it for a run
 */
record Workload(
        String id,
        Engine engine,
        String pipeline,
        Expectation expectation,
        boolean isSinglePartitionInput,
        Launcher launcher) {

    /** Prepares what a run needs (files) and says which main class to start, with what. */
    @FunctionalInterface
    interface Launcher {
        JvmCommand command(RunTopics run) throws IOException;
    }
}
