package io.sluice.bench.e2e;

/** Which of the loaded invoice topics a workload reads. */
enum InputTopic {
    /** The invoices keyed by StoreID, in P partitions: what most workloads read. */
    BY_STORE("input"),
    /**
     * The same in one partition (no workload reads it today; kept for pipelines that must read one
     * partition with every engine).
     */
    BY_STORE_ONE_PARTITION("input-1p"),
    /**
     * The same invoices but for the cards of PRIME ones, drawn from the generated customers, keyed
     * by {@code CustomerCardNo} (no key for NONPRIME ones), in P partitions: co-partitioned with
     * the customers topic, for the stream-table joins.
     */
    BY_CARD("input-by-card");

    private final String suffix;

    InputTopic(String suffix) {
        this.suffix = suffix;
    }

    /** The end of the topic's name, after the invocation's prefix. */
    String suffix() {
        return suffix;
    }

    /** The partitions of the topic. */
    int partitions(BenchSettings settings) {
        return this == BY_STORE_ONE_PARTITION ? 1 : settings.partitions();
    }

    /** The key {@code invoice} is sent with into this topic. */
    byte[] key(Invoice invoice) {
        return this == BY_CARD ? invoice.cardKey() : invoice.key();
    }
}
