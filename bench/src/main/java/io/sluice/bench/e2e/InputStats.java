package io.sluice.bench.e2e;

/**
 * What the input topic of the throughput runs holds, and so what each workload must output.
 *
 * @param topic the input topic
 * @param partitions its partitions
 * @param records all records in it
 * @param primeRecords the invoices of PRIME customers among them (one notification each)
 * @param closedWindows the 15-minute windows per store that the closing invoices close
 * @param loadSeconds how long loading took
 */
record InputStats(
        String topic,
        int partitions,
        long records,
        long primeRecords,
        long closedWindows,
        double loadSeconds) {}
