package io.sluice.processor.dstream;

import java.util.List;
import java.util.function.BiFunction;

/**
 * A stream whose batch is a function of its parent's batch of the same time: map, filter,
 * reduceByKey, transform and the other per-batch operations.
 */
final class TransformNode<T, R> extends StreamNode<R> {

    private final StreamNode<T> parent;
    private final BiFunction<List<T>, Time, List<R>> function;

    TransformNode(StreamNode<T> parent, BiFunction<List<T>, Time, List<R>> function) {
        super(parent.context(), parent.slideDuration(), List.of(parent));
        this.parent = parent;
        this.function = function;
    }

    @Override
    List<R> compute(Time validTime) {
        return function.apply(parent.getOrCompute(validTime).orElseThrow(), validTime);
    }
}
