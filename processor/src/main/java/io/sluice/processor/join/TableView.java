package io.sluice.processor.join;

import org.apache.avro.generic.GenericRecord;

/** The rows of a Kafka table as materialised so far: what a {@link KafkaTable} reads. */
public interface TableView {

    /**
     * The row under {@code key}: the latest one, or for a versioned table the one in effect at
     * {@code atMs}; null when there is none (never written, or deleted by a tombstone).
     */
    GenericRecord get(String key, long atMs);
}
