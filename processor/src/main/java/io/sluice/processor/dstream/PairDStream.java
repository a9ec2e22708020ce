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

    /** Each key's values of the batch, in order, one record per key. */
    public PairDStream<K, List<V>> groupByKey() {
        return transformToPair(records -> Batches.pairs(Batches.groupByKey(records)));
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

    /**
     * At each multiple of {@code slide}, each key's values in the last {@code length} reduced by
     * {@code reduce}: the batches are reduced by key, windowed, and reduced by key again.
     *
     * @throws IllegalArgumentException when {@code length} or {@code slide} is not a positive
     *     multiple of this stream's slide (the batch interval)
     */
    public PairDStream<K, V> reduceByKeyAndWindow(
            BinaryOperator<V> reduce, Duration length, Duration slide) {
        return reduceByKey(reduce).window(length, slide).reduceByKey(reduce);
    }

    /**
     * The same result as {@link #reduceByKeyAndWindow(BinaryOperator, Duration, Duration)},
     * computed incrementally: the previous window's values, with the batches that left taken out by
     * {@code inverseReduce} and the batches that entered reduced in. {@code inverseReduce(reduce(a,
     * b), b)} must equal {@code a}. A key with no record left in the window is dropped; the state
     * holds only the window's batches and keys.
     *
     * @throws IllegalArgumentException when {@code length} or {@code slide} is not a positive
     *     multiple of this stream's slide (the batch interval)
     */
    public PairDStream<K, V> reduceByKeyAndWindow(
            BinaryOperator<V> reduce,
            BinaryOperator<V> inverseReduce,
            Duration length,
            Duration slide) {
        return new PairDStream<>(
                new InverseReducedWindowNode<>(node, reduce, inverseReduce, length, slide));
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
