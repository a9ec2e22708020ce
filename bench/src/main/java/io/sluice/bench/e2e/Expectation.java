package io.sluice.bench.e2e;

/** How many output records a workload makes of its input. */
enum Expectation {
    /** One output per input record. */
    EVERY_RECORD,
    /** One output per PRIME invoice. */
    PRIME_ONLY,
    /** One output per store and closed 15-minute window. */
    CLOSED_WINDOWS;

    /** The outputs of the throughput runs' input. */
    long outputs(InputStats input) {
        switch (this) {
            case EVERY_RECORD:
                return input.records();
            case PRIME_ONLY:
                return input.primeRecords();
            default:
                return input.closedWindows();
        }
    }

    /** The outputs of the records a latency run measured; windows are not measured. */
    long outputs(RateProducer.Sent sent) {
        switch (this) {
            case EVERY_RECORD:
                return sent.measured();
            case PRIME_ONLY:
                return sent.measuredPrime();
            default:
                throw new IllegalStateException(
                        "the latency of windowed workloads is not measured");
        }
    }
}
