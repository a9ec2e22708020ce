package io.sluice.processor.dstream;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A node of a context's stream graph: computes its records for a batch time from its parents' and
 * remembers them, so that each batch is computed once however many streams read it.
 *
 * <p>Implementation notes: Spark Streaming's {@code DStream} core. A node generates batches at the
 * times that are the context's zero time plus a positive multiple of its slide. {@link
 * #getOrCompute} caches what it computes; after each batch the context drops the batches at or
 * before {@code batch time - rememberDuration}. The remember duration is set at start: at least the
 * node's slide and the context's {@code remember}, and at least what each child needs of it ({@link
 * #parentRememberDuration}, e.g. a window's length more).
 */
abstract class StreamNode<T> {

    private final StreamingContext context;
    private final int id;
    private final Duration slideDuration;
    private final List<StreamNode<?>> parents;
    private final TreeMap<Time, List<T>> generated = new TreeMap<>();
    private Duration rememberDuration;

    StreamNode(StreamingContext context, Duration slideDuration, List<StreamNode<?>> parents) {
        this.context = context;
        this.slideDuration = slideDuration;
        this.parents = List.copyOf(parents);
        this.rememberDuration = slideDuration;
        this.id = context.register(this);
    }

    /** The records of the batch at {@code validTime}, a time at which this node generates one. */
    abstract List<T> compute(Time validTime);

    /** Whether the context must compute this node every batch even when no output reads it. */
    boolean isStateful() {
        return false;
    }

    /**
     * How long each parent must remember its batches for this node; its own remember by default.
     */
    Duration parentRememberDuration() {
        return rememberDuration;
    }

    /** The batch at {@code time}: remembered, or computed now; empty at times it generates none. */
    final Optional<List<T>> getOrCompute(Time time) {
        if (!isTimeValid(time)) {
            return Optional.empty();
        }
        List<T> records = generated.get(time);
        if (records == null) {
            records = List.copyOf(compute(time));
            generated.put(time, records);
        }
        return Optional.of(records);
    }

    /** Whether this node generates a batch at {@code time}. */
    final boolean isTimeValid(Time time) {
        Time zero = context.zeroTime();
        return time.isAfter(zero)
                && (time.milliseconds() - zero.milliseconds()) % slideDuration.toMillis() == 0;
    }

    /**
     * The batches at this node's times in {@code [from, to]}, both floored to its grid, that it can
     * still generate: refused outside the batches run and remembered.
     */
    final List<Batch<T>> slice(Time from, Time to) {
        Checks.state(context.lastBatchTime().isPresent(), "slice needs a batch to have run");
        Checks.argument(!from.isAfter(to), "slice from %s must not be after to %s", from, to);
        Time last = context.lastBatchTime().get();
        Time alignedFrom = from.floor(slideDuration, context.zeroTime());
        Time alignedTo = to.floor(slideDuration, context.zeroTime());
        Checks.argument(
                !alignedTo.isAfter(last),
                "slice to %s is after the last batch run, %s",
                alignedTo,
                last);
        // Times at or before zero have no batch (Spark skips them too), so they are never refused.
        Time first =
                alignedFrom.isAfter(context.zeroTime())
                        ? alignedFrom
                        : context.zeroTime().plus(slideDuration);
        Time forgotten = last.minus(rememberDuration);
        Checks.argument(
                first.isAfter(alignedTo) || first.isAfter(forgotten),
                "slice from %s is not remembered: this stream keeps the batches after %s"
                        + " (remember %s); call StreamingContext.remember with a longer duration"
                        + " before start",
                first,
                forgotten,
                rememberDuration);
        List<Batch<T>> batches = new ArrayList<>();
        for (Time t = first; !t.isAfter(alignedTo); t = t.plus(slideDuration)) {
            Time time = t;
            getOrCompute(time).ifPresent(records -> batches.add(new Batch<>(time, records)));
        }
        return batches;
    }

    /** Raises this node's remember duration to {@code duration} if it is shorter. */
    final void rememberAtLeast(Duration duration) {
        if (duration.compareTo(rememberDuration) > 0) {
            rememberDuration = duration;
        }
    }

    /** Passes this node's needs to its parents; the context calls it children first. */
    final void propagateRemember() {
        for (StreamNode<?> parent : parents) {
            parent.rememberAtLeast(parentRememberDuration());
        }
    }

    /** Drops the batches this node no longer needs once the batch at {@code time} ran. */
    final void forgetOldBatches(Time time) {
        generated.headMap(time.minus(rememberDuration), true).clear();
    }

    final StreamingContext context() {
        return context;
    }

    final Duration slideDuration() {
        return slideDuration;
    }

    final Duration rememberDuration() {
        return rememberDuration;
    }

    /** The times of the batches this node remembers, oldest first. */
    final List<Time> rememberedTimes() {
        return List.copyOf(generated.keySet());
    }

    /**
     * The batches a checkpoint taken after the batch at {@code last} keeps: those the next batch,
     * {@code batchInterval} later, still remembers (a window's earlier batches). A stream without a
     * window keeps none, so a checkpoint does not carry a copy of every batch's records: a job's
     * first batch over a backlog made checkpoints of 10 MB, more than a record may be.
     */
    final TreeMap<Time, List<?>> checkpointBatches(Time last, Duration batchInterval) {
        return new TreeMap<>(
                generated.tailMap(last.plus(batchInterval).minus(rememberDuration), false));
    }

    /** Puts back the batches a checkpoint remembered, replacing any. */
    @SuppressWarnings("unchecked")
    final void restoreBatches(TreeMap<Time, List<?>> batches) {
        generated.clear();
        batches.forEach((time, records) -> generated.put(time, (List<T>) records));
    }

    /** What else this node keeps between batches (besides its stores), for a checkpoint. */
    Serializable checkpointState() {
        return null;
    }

    /** Puts back what {@link #checkpointState} gave. */
    void restoreState(Serializable state) {}

    /** The name of this node's state stores and of the node in messages. */
    final String name(String operation) {
        return operation + "-" + id;
    }
}
