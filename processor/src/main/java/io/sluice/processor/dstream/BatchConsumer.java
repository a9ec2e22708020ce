package io.sluice.processor.dstream;

import java.util.List;

/** An output operation's function: called with a stream's records of each batch it generates. */
@FunctionalInterface
public interface BatchConsumer<T> {

    /**
     * @param records the batch's records, immutable; empty when the batch had none
     * @param time the batch time
     */
    void accept(List<T> records, Time time);
}
