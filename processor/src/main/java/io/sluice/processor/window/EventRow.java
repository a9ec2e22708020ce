package io.sluice.processor.window;

import java.util.Objects;
import org.apache.avro.generic.GenericRecord;

/** An event row is an input row with its event time, epoch milliseconds. */
public record EventRow(GenericRecord row, long eventTimeMs) {
    public EventRow {
        Objects.requireNonNull(row, "row");
    }
}
