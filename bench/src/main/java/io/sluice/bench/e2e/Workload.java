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
 * @param input which of the loaded invoice topics it reads
 * @param launcher how to start it for a run
 */
record Workload(
        String id,
        Engine engine,
        String pipeline,
        Expectation expectation,
        InputTopic input,
        Launcher launcher) {

    /**
     * The name of the workload in result tables: its pipeline, with a variant's suffix (such as
     * {@code store-sales-windows-keyed}) so that two Sluice workloads of one pipeline differ.
     */
    String label() {
        String sluice = "sluice-" + pipeline;
        return id.startsWith(sluice) ? id.substring("sluice-".length()) : pipeline;
    }

    /** Prepares what a run needs (files) and says which main class to start, with what. */
    @FunctionalInterface
    interface Launcher {
        JvmCommand command(RunTopics run) throws IOException;
    }
}
