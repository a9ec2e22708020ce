package io.sluice.testkit;

/** A cluster someone else runs, named by {@code SLUICE_TEST_BOOTSTRAP_SERVERS}; never stopped. */
record ExternalCluster(String bootstrapServers) implements KafkaCluster {
    @Override
    public String kind() {
        return "external";
    }

    @Override
    public void close() {}
}
