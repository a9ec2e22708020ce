package io.sluice.processor.dstream;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BinaryOperator;
import java.util.function.Predicate;

/**
 * {@code reduceByKeyAndWindow} with an inverse function: each window's value per key is the
 * previous window's, with the batches that left it taken out by the inverse function and the
 * batches that entered it reduced in, as Spark's {@code ReducedWindowedDStream} computes it.
 *
 * <p>Implementation notes: two state stores. {@code batches} holds, for each batch of the parent in
 * the current window that had records, its values reduced and counted per key ({@link Counted});
 * {@code window} holds each key's value and record count as the previous window gave it. Per key,
 * as Spark: the batches that left are reduced together (oldest first) and taken out with one
 * inverse call, then the batches that entered are reduced together and reduced in with one call; a
 * key without a previous value takes the entered batches' value. With {@link EmptyWindowKeys#KEEP}
 * (Spark's) a key stays after its records left, with what the inverse left; with {@link
 * EmptyWindowKeys#DROP} it goes when its count falls to 0. The filter runs on every key's value of
 * each window, and a key it refuses leaves the state too (Spark's next window starts from the
 * filtered one). After the window at {@code t} the batch store holds no batch at or before {@code t
 * - length}. Windows are computed in time order; the context computes this node every batch.
 */
final class InverseReducedWindowNode<K, V> extends StreamNode<KeyValue<K, V>> {

    private final StreamNode<KeyValue<K, V>> parent;
    private final BinaryOperator<V> reduce;
    private final BinaryOperator<V> inverseReduce;
    private final Predicate<? super KeyValue<K, V>> filter;
    private final EmptyWindowKeys emptyKeys;
    private final Duration length;
    private final StateStore<Time, Map<K, Counted<V>>> batches;
    private final StateStore<K, Counted<V>> window;
    private Time windowTime;

    InverseReducedWindowNode(
            StreamNode<KeyValue<K, V>> parent,
            BinaryOperator<V> reduce,
            BinaryOperator<V> inverseReduce,
            Duration length,
            Duration slide,
            Predicate<? super KeyValue<K, V>> filter,
            EmptyWindowKeys emptyKeys) {
        super(parent.context(), WindowChecks.slide(parent, length, slide), List.of(parent));
        Checks.argument(filter != null, "filterFunc must not be null");
        Checks.argument(emptyKeys != null, "emptyKeys must not be null");
        this.parent = parent;
        this.reduce = reduce;
        this.inverseReduce = inverseReduce;
        this.filter = filter;
        this.emptyKeys = emptyKeys;
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
        Map<K, Counted<V>> left = new LinkedHashMap<>();
        for (Time old : retainedBatchTimes()) {
            if (!old.isAfter(windowStart)) {
                batches.get(old).orElseThrow().forEach((key, value) -> merge(left, key, value));
                batches.remove(old);
            }
        }
        Map<K, Counted<V>> entered = new LinkedHashMap<>();
        Time enteredAfter = previous.isAfter(windowStart) ? previous : windowStart;
        for (Batch<KeyValue<K, V>> batch :
                parent.slice(enteredAfter.plus(parent.slideDuration()), validTime)) {
            Map<K, Counted<V>> reduced = Batches.reduceAndCount(batch.records(), reduce);
            if (!reduced.isEmpty()) {
                batches.put(batch.time(), reduced);
                reduced.forEach((key, value) -> merge(entered, key, value));
            }
        }
        Set<K> changed = new LinkedHashSet<>(left.keySet());
        changed.addAll(entered.keySet());
        for (K key : changed) {
            update(key, left.get(key), entered.get(key));
        }
        windowTime = validTime;
        return filteredWindow();
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

    @Override
    Serializable checkpointState() {
        return windowTime;
    }

    @Override
    void restoreState(Serializable state) {
        windowTime = (Time) state;
    }

    /**
     * Computes the previous window first if it was not; returns its time (at or before zero when
     * there is none).
     */
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

    /** Reduces {@code value} into the key's value of {@code values}, in time order. */
    private void merge(Map<K, Counted<V>> values, K key, Counted<V> value) {
        values.merge(
                key,
                value,
                (earlier, later) ->
                        new Counted<>(
                                reduce.apply(earlier.value(), later.value()),
                                earlier.count() + later.count()));
    }

    /**
     * The key's new value from its previous one, the batches that left ({@code left}, or null) and
     * those that entered ({@code entered}, or null).
     */
    private void update(K key, Counted<V> left, Counted<V> entered) {
        Optional<Counted<V>> previous = window.get(key);
        if (previous.isEmpty()) {
            // Only a filter takes a key out while records of it are in the window. Spark then
            // starts it again from the batches that entered, and fails the batch when none did;
            // here the key stays out until a record of it enters.
            if (entered != null) {
                window.put(key, entered);
            }
            return;
        }
        V value = previous.get().value();
        long count = previous.get().count();
        if (left != null) {
            value = inverseReduce.apply(value, left.value());
            count -= left.count();
        }
        if (entered != null) {
            value = reduce.apply(value, entered.value());
            count += entered.count();
        }
        if (count == 0 && emptyKeys == EmptyWindowKeys.DROP) {
            window.remove(key);
        } else {
            window.put(key, new Counted<>(value, count));
        }
    }

    /** The window's values the filter keeps; the keys it refuses leave the state. */
    private List<KeyValue<K, V>> filteredWindow() {
        List<KeyValue<K, V>> records = new ArrayList<>(window.size());
        for (KeyValue<K, Counted<V>> entry : window.entries()) {
            KeyValue<K, V> record = KeyValue.of(entry.key(), entry.value().value());
            if (filter.test(record)) {
                records.add(record);
            } else {
                window.remove(entry.key());
            }
        }
        return records;
    }
}
