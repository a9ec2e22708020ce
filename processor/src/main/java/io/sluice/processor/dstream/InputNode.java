package io.sluice.processor.dstream;

import java.util.List;

/** A stream read from a {@link BatchSource}: one batch per batch interval, asked in time order. */
final class InputNode<T> extends StreamNode<T> {

    private final BatchSource<T> source;

    InputNode(StreamingContext context, BatchSource<T> source) {
        super(context, context.batchInterval(), List.of());
        this.source = source;
    }

    @Override
    List<T> compute(Time validTime) {
        return source.nextBatch(validTime);
    }

    /** Input is read every batch, whether or not an output reads it then. */
    @Override
    boolean isStateful() {
        return true;
    }
}
