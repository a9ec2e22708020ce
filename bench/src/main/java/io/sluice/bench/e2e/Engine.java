package io.sluice.bench.e2e;

/** What runs a workload. */
enum Engine {
    /** A plain consume-produce loop: the ceiling the others are measured against. */
    CEILING("copy loop"),
    SLUICE("Sluice"),
    KAFKA_STREAMS("Kafka Streams");

    private final String label;

    Engine(String label) {
        this.label = label;
    }

    /** The name the results use. */
    String label() {
        return label;
    }
}
