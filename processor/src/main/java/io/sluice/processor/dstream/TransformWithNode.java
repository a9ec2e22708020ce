package io.sluice.processor.dstream;

import java.util.List;
import java.util.function.BiFunction;

/**
 * A stream whose batch is a function of two parents' batches of the same time: union and the joins.
 */
final class TransformWithNode<A, B, R> extends StreamNode<R> {

    private final StreamNode<A> left;
    private final StreamNode<B> right;
    private final BiFunction<List<A>, List<B>, List<R>> function;

    TransformWithNode(
            StreamNode<A> left,
            StreamNode<B> right,
            BiFunction<List<A>, List<B>, List<R>> function) {
        super(left.context(), left.slideDuration(), List.of(left, right));
        Checks.argument(
                left.context() == right.context(),
                "cannot combine streams of two streaming contexts");
        Checks.argument(
                left.slideDuration().equals(right.slideDuration()),
                "cannot combine streams that slide differently: %s and %s",
                left.slideDuration(),
                right.slideDuration());
        this.left = left;
        this.right = right;
        this.function = function;
    }

    @Override
    List<R> compute(Time validTime) {
        return function.apply(
                left.getOrCompute(validTime).orElseThrow(),
                right.getOrCompute(validTime).orElseThrow());
    }
}
