package io.sluice.processor.plan;

import java.util.Optional;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * A foreach writer gets a pipeline's rows one at a time, Structured Streaming's {@code
 * ForeachWriter}: for each batch and each input partition with rows, {@link #open} is called, then
 * {@link #process} for each row (unless open returned false), then {@link #close}. All of it
 * happens before the batch's transaction commits, on the batch thread.
 *
 * <p>At least once: a batch that fails after the calls (its commit aborted, or the process died)
 * runs again with the same batch id and the same rows, so a writer that must not apply a row twice
 * remembers which (batch id, partition) it applied and returns false from {@link #open} for those.
 * An exception thrown by {@code open} or {@code process} aborts the batch, which is replayed after
 * a backoff.
 */
public interface ForeachWriter {

    /**
     * Starts the rows of one input partition in one batch.
     *
     * @param batchId the batch's id, the same when the batch is replayed
     * @param partition the input partition the rows came from; empty for rows that have no input
     *     record (aggregation results)
     * @return whether to process the rows: false skips them (already written, say)
     */
    default boolean open(long batchId, Optional<TopicPartition> partition) {
        return true;
    }

    /** Writes one row; the row is the writer's to keep. */
    void process(GenericRecord row);

    /**
     * Ends what {@link #open} started, also when it returned false.
     *
     * @param error what {@link #process} threw, if it threw
     */
    default void close(Optional<Throwable> error) {}
}
