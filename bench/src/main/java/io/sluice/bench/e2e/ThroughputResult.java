package io.sluice.bench.e2e;

/**
 * One throughput run of one workload.
 *
 * @param workload what ran
 * @param round which run of it, from 1
 * @param status how it ended
 * @param inputRecords the records it had to read
 * @param outputs the outputs seen when the run ended
 * @param expectedOutputs the outputs it had to make
 * @param seconds from the start of its JVM to the last output visible to a {@code read_committed}
 *     consumer
 * @param firstOutputSeconds from the start of its JVM to the first output visible
 * @param steadyRecordsPerSecond the rate once under way: outputs per second from the moment a
 *     quarter of them were visible to the last, in input records (outputs times input records per
 *     output); NaN when the run did not complete
 * @param usage the CPU and peak memory of its JVM at that point
 * @param brokerCpuSeconds the broker's CPU time over the run; 0 for an external cluster
 * @param startup how its JVM was started and, for Sluice, the start-up phases it logged
 * @param note why it failed, empty when it did not
 * @param check what the check of the outputs' content found; empty when they are not checked
 */
record ThroughputResult(
        Workload workload,
        int round,
        Status status,
        long inputRecords,
        long outputs,
        long expectedOutputs,
        double seconds,
        double firstOutputSeconds,
        double steadyRecordsPerSecond,
        ProcessUsage usage,
        double brokerCpuSeconds,
        Startup startup,
        String note,
        String check)
        implements RunResult {

    /** This result, with what the check of its outputs found and the status that follows. */
    ThroughputResult checked(JoinCheck.Verdict verdict) {
        boolean isCorrect = verdict.isCorrect();
        return new ThroughputResult(
                workload,
                round,
                isCorrect ? status : Status.WRONG_OUTPUT,
                inputRecords,
                outputs,
                expectedOutputs,
                seconds,
                firstOutputSeconds,
                steadyRecordsPerSecond,
                usage,
                brokerCpuSeconds,
                startup,
                isCorrect ? note : "wrong outputs: " + verdict.describe(),
                verdict.describe());
    }

    /** This result, with its JVM's start given as {@code startup}. */
    ThroughputResult withStartup(Startup startup) {
        return new ThroughputResult(
                workload,
                round,
                status,
                inputRecords,
                outputs,
                expectedOutputs,
                seconds,
                firstOutputSeconds,
                steadyRecordsPerSecond,
                usage,
                brokerCpuSeconds,
                startup,
                note,
                check);
    }

    /** Input records per second from the start of the JVM to the last output. */
    double recordsPerSecond() {
        return inputRecords / seconds;
    }

    /**
     * The workload JVM's CPU time per input record, in microseconds: its start and any table it
     * loads included, as in {@link #recordsPerSecond()}.
     */
    double cpuMicrosPerRecord() {
        return usage.cpuSeconds() * 1e6 / inputRecords;
    }
}
