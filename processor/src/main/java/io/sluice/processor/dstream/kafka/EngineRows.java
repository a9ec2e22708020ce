package io.sluice.processor.dstream.kafka;

import io.sluice.processor.dstream.BatchSource;
import io.sluice.processor.dstream.Time;
import java.util.List;
import org.apache.avro.generic.GenericRecord;

/**
 * The job's input: the rows of the engine batch being run, handed over just before the graph runs
 * the batch they make, and taken by it; a batch given nothing reads none.
 */
final class EngineRows implements BatchSource<GenericRecord> {

    private List<GenericRecord> next = List.of();

    /** The rows of the next graph batch. */
    void handOver(List<GenericRecord> rows) {
        next = List.copyOf(rows);
    }

    @Override
    public List<GenericRecord> nextBatch(Time time) {
        List<GenericRecord> rows = next;
        next = List.of();
        return rows;
    }
}
