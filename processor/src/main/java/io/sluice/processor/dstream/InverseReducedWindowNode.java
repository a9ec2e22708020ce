package io.sluice.processor.dstream;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BinaryOperator;

/**
 * {@code reduceByKeyAndWindow} with an inverse function: each window's values per key are the
 * previous window's, with the batches that left it taken out by the inverse function and the
 * batches that entered it reduced in.
 *
 * <p>Implementation notes: two state stores. {@code batches} holds, for each batch of the parent in
 * the current window that had records, its values reduced and counted per key ({@link Counted});
 * {@code window} holds each key's value and record count over the window. A key whose count falls
 * to 0 is removed, so the result has exactly the keys of the window's records, the same as the
 * reduction without an inverse (Spark keeps such keys with their "zero" value unless given a
 * filter). After the window at {@code t} the stores hold no batch at or before {@code t - length}
 * and no key without a record in {@code (t - length, t]}. Windows are computed in time order; the
 * context computes this node every batch.
 */
final class InverseReducedWindowNode<K, V> extends StreamNode<KeyValue<K, V>> {

    private final StreamNode<KeyValue<K, V>> parent;
    private final BinaryOperator<V> reduce;
    private final BinaryOperator<V> inverseReduce;
    private final Duration length;
    private final StateStore<Time, Map<K, Counted<V>>> batches;
    private final StateStore<K, Counted<V>> window;
    private Time windowTime;

    InverseReducedWindowNode(
            StreamNode<KeyValue<K, V>> parent,
            BinaryOperator<V> reduce,
            BinaryOperator<V> inverseReduce,
            Duration length,
            Duration slide) {
        super(parent.context(), WindowChecks.slide(parent, length, slide), List.of(parent));
        this.parent = parent;
        this.reduce = reduce;
        this.inverseReduce = inverseReduce;
        this.length = length;
        StateStores stores = parent.context().stateStores();
        this.batches = stores.open(name("reduceByKeyAndWindow") + "-batches");
        this.window = stores.open(name("reduceByKeyAndWindow") + "-window");
    }

    @Override
    boolean isStateful() {
        return true;
    }

    @Override
    List<KeyValue<K, V>> compute(Time validTime) {
        Time previous = catchUpTo(validTime);
        Time windowStart = validTime.minus(length);
        for (Time old : retainedBatchTimes()) {
            if (!old.isAfter(windowStart)) {
                batches.get(old).orElseThrow().forEach(this::subtract);
                batches.remove(old);
            }
        }
        Time enteredAfter = previous.isAfter(windowStart) ? previous : windowStart;
        for (Batch<KeyValue<K, V>> batch :
                parent.slice(enteredAfter.plus(parent.slideDuration()), validTime)) {
            Map<K, Counted<V>> reduced = Batches.reduceAndCount(batch.records(), reduce);
            if (!reduced.isEmpty()) {
                batches.put(batch.time(), reduced);
                reduced.forEach(this::add);
            }
        }
        windowTime = validTime;
        List<KeyValue<K, V>> records = new ArrayList<>(window.size());
        for (KeyValue<K, Counted<V>> entry : window.entries()) {
            records.add(KeyValue.of(entry.key(), entry.value().value()));
        }
        return records;
    }

    /** The times of the parent batches whose values the state holds, oldest first. */
    List<Time> retainedBatchTimes() {
        List<Time> times = new ArrayList<>();
        for (KeyValue<Time, Map<K, Counted<V>>> entry : batches.entries()) {
            times.add(entry.key());
        }
        times.sort(Comparator.naturalOrder());
        return times;
    }

    /** The keys whose window value the state holds. */
    List<K> retainedKeys() {
        List<K> keys = new ArrayList<>();
        window.entries().forEach(entry -> keys.add(entry.key()));
        return keys;
    }

    /**
     * Computes the previous window first if it was not; returns its time (at or before zero when
     * there is none).
     */
    @Override
    Serializable checkpointState() {
        return windowTime;
    }

    @Override
    void restoreState(Serializable state) {
        windowTime = (Time) state;
    }

    private Time catchUpTo(Time time) {
        Checks.state(
                windowTime == null || windowTime.isBefore(time),
                "%s cannot compute %s again: its state is at %s",
                name("reduceByKeyAndWindow"),
                time,
                windowTime);
        Time previous = time.minus(slideDuration());
        if (isTimeValid(previous) && !previous.equals(windowTime)) {
            getOrCompute(previous);
        }
        return previous;
    }

    private void add(K key, Counted<V> entering) {
        Optional<Counted<V>> current = window.get(key);
        window.put(
                key,
                current.isEmpty()
                        ? entering
                        : new Counted<>(
                                reduce.apply(current.get().value(), entering.value()),
                                current.get().count() + entering.count()));
    }

    private void subtract(K key, Counted<V> leaving) {
        Counted<V> current = window.get(key).orElseThrow();
        long count = current.count() - leaving.count();
        if (count == 0) {
            window.remove(key);
        } else {
            window.put(
                    key,
                    new Counted<>(inverseReduce.apply(current.value(), leaving.value()), count));
        }
    }
}
