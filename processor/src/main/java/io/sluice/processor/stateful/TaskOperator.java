package io.sluice.processor.stateful;

import io.sluice.processor.RowCollector;
import io.sluice.processor.window.Admission;
import org.apache.avro.generic.GenericRecord;

/**
 * A task operator is a {@link StatefulOperator} at work on one task, used by the batch thread only.
 * Life of a batch: {@link #add} per row, then {@link #finish} before the commit (emits rows, stages
 * state writes in the task's pending write batch), or {@link #aborted} when the batch is replayed.
 */
public interface TaskOperator {

    /**
     * Takes one row with event time {@code eventTimeMs} into the batch, under the watermark in
     * effect for the batch (the one committed with the previous batch).
     *
     * @return whether the row was late, for some or all of what it belongs to
     * @throws io.sluice.processor.expr.EvaluationException when a column the operator needs cannot
     *     be computed for this row; nothing was changed, so the engine can dead-letter it
     */
    Admission add(GenericRecord row, long eventTimeMs, long watermarkMs);

    /**
     * Ends the batch: merges it with the stored state, emits what the output mode says to {@code
     * out}, stages the state writes.
     *
     * @param watermarkMs the watermark the batch ran with
     * @param nextWatermarkMs the watermark computed at the end of this batch, at least {@code
     *     watermarkMs}; it closes windows and fires event-time timeouts
     * @param nowMs the processing time of the batch, for processing-time timeouts
     */
    void finish(long watermarkMs, long nextWatermarkMs, long nowMs, RowCollector out);

    /**
     * The rows of the batch just finished that {@link #add} took in time but the operator dropped
     * without output or error (duplicates); the engine counts them as filtered. Reading resets it.
     */
    default long dropped() {
        return 0;
    }

    /** The batch aborted: forget what {@link #add} gathered. */
    void aborted();

    /**
     * Whether the task has work even without input: a processing-time timeout due at {@code nowMs}
     * or an event-time one due under {@code watermarkMs}. The engine then runs a batch for it.
     */
    default boolean hasDueWork(long nowMs, long watermarkMs) {
        return false;
    }
}
