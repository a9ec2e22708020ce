package io.sluice.bench.e2e;

/** What every run of a workload says: which run of it, and how it ended. */
sealed interface RunResult permits ThroughputResult, LatencyResult {
    Workload workload();

    /** Which run of the workload, from 1; runs of one round are minutes apart. */
    int round();

    Status status();
}
