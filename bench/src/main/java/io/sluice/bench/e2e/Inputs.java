package io.sluice.bench.e2e;

import java.util.Optional;

/**
 * The input topics of the throughput runs: the invoices in P partitions, and the same invoices in
 * one partition for the workloads that need it.
 *
 * @param partitioned the input of most workloads
 * @param singlePartition the same records in one partition, when a workload reads that
 */
record Inputs(InputStats partitioned, Optional<InputStats> singlePartition) {
    /** The input {@code workload} reads. */
    InputStats of(Workload workload) {
        if (!workload.isSinglePartitionInput()) {
            return partitioned;
        }
        return singlePartition.orElseThrow(
                () -> new IllegalStateException("no single-partition input was loaded"));
    }
}
