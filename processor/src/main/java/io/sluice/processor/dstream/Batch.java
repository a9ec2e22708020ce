package io.sluice.processor.dstream;

import java.util.List;

/**
 * The records a stream generated for one batch time (Spark's RDD of a batch).
 *
 * @param time the batch time
 * @param records the records, immutable
 */
public record Batch<T>(Time time, List<T> records) {

    public Batch {
        records = List.copyOf(records);
    }
}
