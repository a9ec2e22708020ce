package io.sluice.bench.e2e;

import java.util.Optional;

/**
 * What an input topic of the throughput runs holds, and so what each workload must output.
 *
 * @param topic the input topic
 * @param partitions its partitions
 * @param records all records in it
 * @param primeRecords the invoices of PRIME customers among them (one notification each)
 * @param joinedRecords the PRIME invoices whose card belongs to a customer of {@code table}: those
 *     a join enriches; 0 without a table
 * @param closedWindows the 15-minute windows per store that the closing invoices close
 * @param loadSeconds how long loading took
 * @param table the customers loaded beside these invoices, for the joins; empty for most inputs
 */
record InputStats(
        String topic,
        int partitions,
        long records,
        long primeRecords,
        long joinedRecords,
        long closedWindows,
        double loadSeconds,
        Optional<CustomerTable> table) {}
