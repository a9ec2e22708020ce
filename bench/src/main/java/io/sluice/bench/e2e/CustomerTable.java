package io.sluice.bench.e2e;

/**
 * The compacted topic of customers that the stream-table join workloads read as their table.
 *
 * @param topic the topic
 * @param partitions its partitions, as many as the invoices' it is joined with
 * @param customers the customers in it, one record each, keyed by card number
 * @param loadSeconds how long loading took
 * @param check checks a join's outputs against these customers
 */
record CustomerTable(
        String topic, int partitions, long customers, double loadSeconds, JoinCheck check) {}
