package io.sluice.processor;

import org.apache.avro.generic.GenericRecord;

/** Receives the rows an operator emits. */
@FunctionalInterface
public interface RowCollector {
    void collect(GenericRecord row);
}
