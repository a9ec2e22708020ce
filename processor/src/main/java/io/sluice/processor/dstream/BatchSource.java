package io.sluice.processor.dstream;

import java.util.List;

/**
 * Where an input stream's records come from: asked once per batch time, in time order, for the
 * records of that batch.
 */
@FunctionalInterface
public interface BatchSource<T> {

    /**
     * The records of the batch at {@code time}; empty when there are none. Called on the thread
     * that runs the batches.
     */
    List<T> nextBatch(Time time);
}
