package io.sluice.processor.dstream;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A stream of {@link KeyValue} records with Spark Streaming's keyed operations. Keyed results list
 * keys in the order of their first record; stateful results ({@link #updateStateByKey}, {@link
 * #reduceByKeyAndWindow(BinaryOperator, BinaryOperator, Duration, Duration)}) in their state
 * store's order.
 *
 * <p>Joins ({@link #join}, {@link #leftOuterJoin}, {@link #rightOuterJoin}, {@link #fullOuterJoin},
 * {@link #cogroup}) combine this stream's batch with {@code other}'s batch of the same time, as
 * Spark's do: join windows ({@link #window(Duration, Duration)}) to join more than one batch. Both
 * streams must slide alike. The joins list this stream's records in order, each once per record of
 * {@code other} with its key (a key with 2 records here and 3 there gives 6), then, for right and
 * full outer joins, {@code other}'s records whose key has no record here, in order. Outer joins
 * refuse a null value on a side they wrap in {@link Optional} ({@link IllegalArgumentException},
 * failing the batch).
 *
 * <p>The overloads with {@code numPartitions} or a {@link Partitioner} are Spark's: they take the
 * same arguments so that migrated code keeps its calls, check them as Spark does ({@code
 * numPartitions} positive, else {@link IllegalArgumentException}) and give the same batches as the
 * overloads without, since one process holds and orders every key of a stream here.
 *
 * @param <K> the type of the keys; equal keys must have equal hash codes
 * @param <V> the type of the values
 */
public final class PairDStream<K, V> extends DStream<KeyValue<K, V>> {

    PairDStream(StreamNode<KeyValue<K, V>> node) {
        super(node);
    }

    /** The values, keys dropped. */
    public DStream<V> values() {
        return map(KeyValue::value);
    }

    /** Each value mapped by {@code function}, keys kept. */
    public <W> PairDStream<K, W> mapValues(Function<? super V, ? extends W> function) {
        return mapToPair(record -> KeyValue.of(record.key(), function.apply(record.value())));
    }

    @Override
    public PairDStream<K, V> filter(Predicate<? super KeyValue<K, V>> predicate) {
        return transformToPair(records -> records.stream().filter(predicate).toList());
    }

    @Override
    public PairDStream<K, V> union(DStream<KeyValue<K, V>> other) {
        return new PairDStream<>(
                new TransformWithNode<KeyValue<K, V>, KeyValue<K, V>, KeyValue<K, V>>(
                        node, other.node, Batches::concat));
    }

    @Override
    public PairDStream<K, V> window(Duration length) {
        return window(length, slideDuration());
    }

    @Override
    public PairDStream<K, V> window(Duration length, Duration slide) {
        return new PairDStream<>(new WindowNode<>(node, length, slide));
    }

    /** Each key's values of the batch reduced by {@code reduce}, one record per key. */
    public PairDStream<K, V> reduceByKey(BinaryOperator<V> reduce) {
        return transformToPair(records -> Batches.reduceByKey(records, reduce));
    }

    /** {@link #reduceByKey(BinaryOperator)}; {@code numPartitions} must be positive. */
    public PairDStream<K, V> reduceByKey(BinaryOperator<V> reduce, int numPartitions) {
        Partitions.check(numPartitions);
        return reduceByKey(reduce);
    }

    /** {@link #reduceByKey(BinaryOperator)}; {@code partitioner} changes nothing. */
    public PairDStream<K, V> reduceByKey(BinaryOperator<V> reduce, Partitioner partitioner) {
        Partitions.check(partitioner);
        return reduceByKey(reduce);
    }

    /** Each key's values of the batch, in order, one record per key. */
    public PairDStream<K, List<V>> groupByKey() {
        return transformToPair(records -> Batches.pairs(Batches.groupByKey(records)));
    }

    /** {@link #groupByKey()}; {@code numPartitions} must be positive. */
    public PairDStream<K, List<V>> groupByKey(int numPartitions) {
        Partitions.check(numPartitions);
        return groupByKey();
    }

    /** {@link #groupByKey()}; {@code partitioner} changes nothing. */
    public PairDStream<K, List<V>> groupByKey(Partitioner partitioner) {
        Partitions.check(partitioner);
        return groupByKey();
    }

    /**
     * Every pair of this stream's and {@code other}'s records of the same batch with equal keys (an
     * inner join).
     *
     * @throws IllegalArgumentException when the streams slide differently
     */
    public <W> PairDStream<K, Joined<V, W>> join(PairDStream<K, W> other) {
        return combine(other, Joins::inner);
    }

    /**
     * {@link #join}, plus each of this stream's records whose key {@code other}'s batch lacks, with
     * an empty right value.
     *
     * @throws IllegalArgumentException when the streams slide differently
     */
    public <W> PairDStream<K, Joined<V, Optional<W>>> leftOuterJoin(PairDStream<K, W> other) {
        return combine(other, Joins::leftOuter);
    }

    /**
     * {@link #join}, then each of {@code other}'s records whose key this stream's batch lacks, with
     * an empty left value.
     *
     * @throws IllegalArgumentException when the streams slide differently
     */
    public <W> PairDStream<K, Joined<Optional<V>, W>> rightOuterJoin(PairDStream<K, W> other) {
        return combine(other, Joins::rightOuter);
    }

    /**
     * {@link #leftOuterJoin}, then each of {@code other}'s records whose key this stream's batch
     * lacks, with an empty left value.
     *
     * @throws IllegalArgumentException when the streams slide differently
     */
    public <W> PairDStream<K, Joined<Optional<V>, Optional<W>>> fullOuterJoin(
            PairDStream<K, W> other) {
        return combine(other, Joins::fullOuter);
    }

    /**
     * One record per key of either stream's batch: its values here and its values in {@code other},
     * each in record order. Keys come in order of their first record here, then those only in
     * {@code other} in order of their first record there.
     *
     * @throws IllegalArgumentException when the streams slide differently
     */
    public <W> PairDStream<K, Cogrouped<V, W>> cogroup(PairDStream<K, W> other) {
        return combine(other, Joins::cogroup);
    }

    /** {@link #join(PairDStream)}; {@code numPartitions} must be positive. */
    public <W> PairDStream<K, Joined<V, W>> join(PairDStream<K, W> other, int numPartitions) {
        Partitions.check(numPartitions);
        return join(other);
    }

    /** {@link #join(PairDStream)}; {@code partitioner} changes nothing. */
    public <W> PairDStream<K, Joined<V, W>> join(PairDStream<K, W> other, Partitioner partitioner) {
        Partitions.check(partitioner);
        return join(other);
    }

    /** {@link #leftOuterJoin(PairDStream)}; {@code numPartitions} must be positive. */
    public <W> PairDStream<K, Joined<V, Optional<W>>> leftOuterJoin(
            PairDStream<K, W> other, int numPartitions) {
        Partitions.check(numPartitions);
        return leftOuterJoin(other);
    }

    /** {@link #leftOuterJoin(PairDStream)}; {@code partitioner} changes nothing. */
    public <W> PairDStream<K, Joined<V, Optional<W>>> leftOuterJoin(
            PairDStream<K, W> other, Partitioner partitioner) {
        Partitions.check(partitioner);
        return leftOuterJoin(other);
    }

    /** {@link #rightOuterJoin(PairDStream)}; {@code numPartitions} must be positive. */
    public <W> PairDStream<K, Joined<Optional<V>, W>> rightOuterJoin(
            PairDStream<K, W> other, int numPartitions) {
        Partitions.check(numPartitions);
        return rightOuterJoin(other);
    }

    /** {@link #rightOuterJoin(PairDStream)}; {@code partitioner} changes nothing. */
    public <W> PairDStream<K, Joined<Optional<V>, W>> rightOuterJoin(
            PairDStream<K, W> other, Partitioner partitioner) {
        Partitions.check(partitioner);
        return rightOuterJoin(other);
    }

    /** {@link #fullOuterJoin(PairDStream)}; {@code numPartitions} must be positive. */
    public <W> PairDStream<K, Joined<Optional<V>, Optional<W>>> fullOuterJoin(
            PairDStream<K, W> other, int numPartitions) {
        Partitions.check(numPartitions);
        return fullOuterJoin(other);
    }

    /** {@link #fullOuterJoin(PairDStream)}; {@code partitioner} changes nothing. */
    public <W> PairDStream<K, Joined<Optional<V>, Optional<W>>> fullOuterJoin(
            PairDStream<K, W> other, Partitioner partitioner) {
        Partitions.check(partitioner);
        return fullOuterJoin(other);
    }

    /** {@link #cogroup(PairDStream)}; {@code numPartitions} must be positive. */
    public <W> PairDStream<K, Cogrouped<V, W>> cogroup(PairDStream<K, W> other, int numPartitions) {
        Partitions.check(numPartitions);
        return cogroup(other);
    }

    /** {@link #cogroup(PairDStream)}; {@code partitioner} changes nothing. */
    public <W> PairDStream<K, Cogrouped<V, W>> cogroup(
            PairDStream<K, W> other, Partitioner partitioner) {
        Partitions.check(partitioner);
        return cogroup(other);
    }

    /** {@link #updateStateByKey(UpdateStateFunction, Map)} with no initial state. */
    public <S> PairDStream<K, S> updateStateByKey(UpdateStateFunction<V, S> update) {
        return updateStateByKey(update, Map.of());
    }

    /**
     * A running state per key: every batch, {@code update} runs for every key with a state or new
     * values (an empty result removes the key), and the batch is every key with a state. Keys of
     * {@code initialState} have that state before the first batch.
     */
    public <S> PairDStream<K, S> updateStateByKey(
            UpdateStateFunction<V, S> update, Map<K, S> initialState) {
        return new PairDStream<>(new UpdateStateNode<>(node, update, initialState));
    }

    /** {@link #updateStateByKey(UpdateStateFunction)}; {@code numPartitions} must be positive. */
    public <S> PairDStream<K, S> updateStateByKey(
            UpdateStateFunction<V, S> update, int numPartitions) {
        Partitions.check(numPartitions);
        return updateStateByKey(update);
    }

    /** {@link #updateStateByKey(UpdateStateFunction)}; {@code partitioner} changes nothing. */
    public <S> PairDStream<K, S> updateStateByKey(
            UpdateStateFunction<V, S> update, Partitioner partitioner) {
        Partitions.check(partitioner);
        return updateStateByKey(update);
    }

    /**
     * {@link #updateStateByKey(UpdateStateFunction, Map)}, Spark's form with an initial RDD; {@code
     * partitioner} changes nothing.
     */
    public <S> PairDStream<K, S> updateStateByKey(
            UpdateStateFunction<V, S> update, Partitioner partitioner, Map<K, S> initialState) {
        Partitions.check(partitioner);
        return updateStateByKey(update, initialState);
    }

    /**
     * {@link #groupByKeyAndWindow(Duration, Duration)} sliding by this stream's slide (the batch
     * interval).
     */
    public PairDStream<K, List<V>> groupByKeyAndWindow(Duration length) {
        return groupByKeyAndWindow(length, slideDuration());
    }

    /**
     * At each multiple of {@code slide}, each key's values in the last {@code length}, oldest batch
     * first, one record per key: the same as {@code window(length, slide).groupByKey()}.
     *
     * @throws IllegalArgumentException when {@code length} or {@code slide} is not a positive
     *     multiple of this stream's slide (the batch interval)
     */
    public PairDStream<K, List<V>> groupByKeyAndWindow(Duration length, Duration slide) {
        return window(length, slide).groupByKey();
    }

    /** {@link #groupByKeyAndWindow(Duration, Duration)}; {@code numPartitions} must be positive. */
    public PairDStream<K, List<V>> groupByKeyAndWindow(
            Duration length, Duration slide, int numPartitions) {
        Partitions.check(numPartitions);
        return groupByKeyAndWindow(length, slide);
    }

    /** {@link #groupByKeyAndWindow(Duration, Duration)}; {@code partitioner} changes nothing. */
    public PairDStream<K, List<V>> groupByKeyAndWindow(
            Duration length, Duration slide, Partitioner partitioner) {
        Partitions.check(partitioner);
        return groupByKeyAndWindow(length, slide);
    }

    /**
     * {@link #reduceByKeyAndWindow(BinaryOperator, Duration, Duration)} sliding by this stream's
     * slide (the batch interval).
     */
    public PairDStream<K, V> reduceByKeyAndWindow(BinaryOperator<V> reduce, Duration length) {
        return reduceByKeyAndWindow(reduce, length, slideDuration());
    }

    /**
     * At each multiple of {@code slide}, each key's values in the last {@code length} reduced by
     * {@code reduce}: the batches are reduced by key, windowed, and reduced by key again. A key
     * with no record in the window is absent.
     *
     * @throws IllegalArgumentException when {@code length} or {@code slide} is not a positive
     *     multiple of this stream's slide (the batch interval)
     */
    public PairDStream<K, V> reduceByKeyAndWindow(
            BinaryOperator<V> reduce, Duration length, Duration slide) {
        return reduceByKey(reduce).window(length, slide).reduceByKey(reduce);
    }

    /**
     * {@link #reduceByKeyAndWindow(BinaryOperator, Duration, Duration)}; {@code numPartitions} must
     * be positive.
     */
    public PairDStream<K, V> reduceByKeyAndWindow(
            BinaryOperator<V> reduce, Duration length, Duration slide, int numPartitions) {
        Partitions.check(numPartitions);
        return reduceByKeyAndWindow(reduce, length, slide);
    }

    /**
     * {@link #reduceByKeyAndWindow(BinaryOperator, Duration, Duration)}; {@code partitioner}
     * changes nothing.
     */
    public PairDStream<K, V> reduceByKeyAndWindow(
            BinaryOperator<V> reduce, Duration length, Duration slide, Partitioner partitioner) {
        Partitions.check(partitioner);
        return reduceByKeyAndWindow(reduce, length, slide);
    }

    /**
     * Each window's values per key computed incrementally, as Spark's: the previous window's value,
     * with the batches that left taken out by {@code inverseReduce} and the batches that entered
     * reduced in. {@code inverseReduce(reduce(a, b), b)} must equal {@code a}.
     *
     * <p>As in Spark, a key stays once all its records left the window, with the value {@code
     * inverseReduce} left (0 for counts), in every later window and in the state; the overloads
     * with a {@code filterFunc}, or {@link EmptyWindowKeys#DROP}, drop such keys. Keys with a
     * record in the window have the same value as without an inverse.
     *
     * @throws IllegalArgumentException when {@code length} or {@code slide} is not a positive
     *     multiple of this stream's slide (the batch interval)
     */
    public PairDStream<K, V> reduceByKeyAndWindow(
            BinaryOperator<V> reduce,
            BinaryOperator<V> inverseReduce,
            Duration length,
            Duration slide) {
        return inverseReduced(
                reduce, inverseReduce, length, slide, r -> true, EmptyWindowKeys.KEEP);
    }

    /**
     * {@link #reduceByKeyAndWindow(BinaryOperator, BinaryOperator, Duration, Duration)} keeping
     * only the records {@code filterFunc} accepts, as Spark's: a key it refuses leaves the window's
     * state too, and comes back with the next batch that has a record of it (e.g. {@code kv ->
     * kv.value() != 0} drops counts whose records all left). {@code numPartitions} must be
     * positive.
     *
     * @throws IllegalArgumentException when {@code length} or {@code slide} is not a positive
     *     multiple of this stream's slide, or {@code numPartitions} is not positive
     */
    public PairDStream<K, V> reduceByKeyAndWindow(
            BinaryOperator<V> reduce,
            BinaryOperator<V> inverseReduce,
            Duration length,
            Duration slide,
            int numPartitions,
            Predicate<? super KeyValue<K, V>> filterFunc) {
        Partitions.check(numPartitions);
        return inverseReduced(
                reduce, inverseReduce, length, slide, filterFunc, EmptyWindowKeys.KEEP);
    }

    /**
     * {@link #reduceByKeyAndWindow(BinaryOperator, BinaryOperator, Duration, Duration, int,
     * Predicate)} with Spark's partitioner form; {@code partitioner} changes nothing.
     */
    public PairDStream<K, V> reduceByKeyAndWindow(
            BinaryOperator<V> reduce,
            BinaryOperator<V> inverseReduce,
            Duration length,
            Duration slide,
            Partitioner partitioner,
            Predicate<? super KeyValue<K, V>> filterFunc) {
        Partitions.check(partitioner);
        return inverseReduced(
                reduce, inverseReduce, length, slide, filterFunc, EmptyWindowKeys.KEEP);
    }

    /**
     * {@link #reduceByKeyAndWindow(BinaryOperator, BinaryOperator, Duration, Duration)} with a
     * choice of what happens to a key once none of its records is in the window: {@link
     * EmptyWindowKeys#KEEP} is Spark's behaviour; {@link EmptyWindowKeys#DROP} (not in Spark) drops
     * it, whatever its value, so the result equals the reduction without an inverse and the state
     * holds only the window's keys and non-empty batches.
     */
    public PairDStream<K, V> reduceByKeyAndWindow(
            BinaryOperator<V> reduce,
            BinaryOperator<V> inverseReduce,
            Duration length,
            Duration slide,
            EmptyWindowKeys emptyKeys) {
        return inverseReduced(reduce, inverseReduce, length, slide, r -> true, emptyKeys);
    }

    private PairDStream<K, V> inverseReduced(
            BinaryOperator<V> reduce,
            BinaryOperator<V> inverseReduce,
            Duration length,
            Duration slide,
            Predicate<? super KeyValue<K, V>> filter,
            EmptyWindowKeys emptyKeys) {
        return new PairDStream<>(
                new InverseReducedWindowNode<>(
                        node, reduce, inverseReduce, length, slide, filter, emptyKeys));
    }

    /** The stream of {@code combine} applied to this stream's and {@code other}'s batches. */
    private <W, R> PairDStream<K, R> combine(
            PairDStream<K, W> other,
            BiFunction<List<KeyValue<K, V>>, List<KeyValue<K, W>>, List<KeyValue<K, R>>> combine) {
        return new PairDStream<>(
                new TransformWithNode<KeyValue<K, V>, KeyValue<K, W>, KeyValue<K, R>>(
                        node, other.node, combine));
    }
}
