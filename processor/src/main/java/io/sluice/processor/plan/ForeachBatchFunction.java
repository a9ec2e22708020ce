package io.sluice.processor.plan;

import java.util.List;
import java.util.function.Consumer;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A foreachBatch function gets each batch's rows at once, Structured Streaming's {@code
 * foreachBatch}: called once per batch, inside its transaction and before the commit, with the
 * batch id and every row the pipeline made; the records it sends go out in the same transaction,
 * with the batch's offsets.
 *
 * <p>A batch that fails after the call is replayed with the same id and rows; a function that keeps
 * anything of its own undoes it in {@link #aborted}, or keys it by batch id.
 */
@FunctionalInterface
public interface ForeachBatchFunction {

    /**
     * @param batchId the batch's id (the same when a batch is replayed)
     * @param rows the batch's rows, in the order they were made; the list and rows are the
     *     function's to keep
     * @param send sends a record in the batch's transaction
     */
    void call(
            long batchId, List<GenericRecord> rows, Consumer<ProducerRecord<byte[], byte[]>> send);

    /** The batch {@link #call} last saw committed, with what the function sent. */
    default void committed(long batchId) {}

    /** The batch {@link #call} last saw aborted: it runs again, with the same id and rows. */
    default void aborted(long batchId) {}
}
