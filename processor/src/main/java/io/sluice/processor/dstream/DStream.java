package io.sluice.processor.dstream;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.BinaryOperator;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A discretized stream: a sequence of batches of records, one per slide of the stream (the batch
 * interval, or a window's slide), with Spark Streaming's semantics. Transformations return new
 * streams; output operations ({@link #foreachBatch}, {@link #foreachRDD}, {@link #print}) make the
 * context compute them.
 *
 * <p>Records within a batch keep their order through per-record operations; keyed operations list
 * keys in the order of their first record. Functions run on the thread that runs the batches, once
 * per record or batch computed; a batch is computed once however many streams read it.
 *
 * @param <T> the type of the records
 */
public class DStream<T> {

    final StreamNode<T> node;

    DStream(StreamNode<T> node) {
        this.node = node;
    }

    /** The context this stream belongs to. */
    public StreamingContext context() {
        return node.context();
    }

    /** The time between two batches of this stream: the batch interval, or a window's slide. */
    public Duration slideDuration() {
        return node.slideDuration();
    }

    /** Each record mapped by {@code function}. */
    public <R> DStream<R> map(Function<? super T, ? extends R> function) {
        return transform(records -> records.stream().<R>map(function).toList());
    }

    /** The records {@code function} gives for each record, in order. */
    public <R> DStream<R> flatMap(Function<? super T, ? extends Iterable<? extends R>> function) {
        return transform(
                records -> {
                    List<R> out = new ArrayList<>();
                    for (T record : records) {
                        function.apply(record).forEach(out::add);
                    }
                    return out;
                });
    }

    /** The records {@code predicate} accepts. */
    public DStream<T> filter(Predicate<? super T> predicate) {
        return transform(records -> records.stream().filter(predicate).toList());
    }

    /** Each record mapped to a key and a value: a keyed stream. */
    public <K, V> PairDStream<K, V> mapToPair(Function<? super T, KeyValue<K, V>> function) {
        return new PairDStream<>(
                new TransformNode<T, KeyValue<K, V>>(
                        node, (records, time) -> records.stream().map(function).toList()));
    }

    /**
     * Each batch replaced by what {@code function} makes of it: any function over the batch's
     * records (sort, top-n, deduplicate...). The list it gets is immutable.
     */
    public <R> DStream<R> transform(Function<List<T>, List<R>> function) {
        return new DStream<>(
                new TransformNode<T, R>(node, (records, time) -> function.apply(records)));
    }

    /**
     * Each batch replaced by what {@code function} makes of its records and its batch time, as
     * Spark's {@code transform((rdd, time) -> ...)}. The list it gets is immutable.
     */
    public <R> DStream<R> transform(BiFunction<List<T>, Time, List<R>> function) {
        return new DStream<>(new TransformNode<T, R>(node, function));
    }

    /** {@link #transform(Function)} to a keyed stream. */
    public <K, V> PairDStream<K, V> transformToPair(
            Function<List<T>, List<KeyValue<K, V>>> function) {
        return new PairDStream<>(
                new TransformNode<T, KeyValue<K, V>>(
                        node, (records, time) -> function.apply(records)));
    }

    /** {@link #transform(BiFunction)}, with the batch time, to a keyed stream. */
    public <K, V> PairDStream<K, V> transformToPair(
            BiFunction<List<T>, Time, List<KeyValue<K, V>>> function) {
        return new PairDStream<>(new TransformNode<T, KeyValue<K, V>>(node, function));
    }

    /**
     * Each batch combined with {@code other}'s batch of the same time by {@code function}, as
     * Spark's {@code transformWith}: joins, unions or anything else over the two batches.
     *
     * @throws IllegalArgumentException when the streams slide differently
     */
    public <U, R> DStream<R> transformWith(
            DStream<U> other, BiFunction<List<T>, List<U>, List<R>> function) {
        return new DStream<>(new TransformWithNode<T, U, R>(node, other.node, function));
    }

    /** {@link #transformWith} to a keyed stream. */
    public <U, K, V> PairDStream<K, V> transformWithToPair(
            DStream<U> other, BiFunction<List<T>, List<U>, List<KeyValue<K, V>>> function) {
        return new PairDStream<>(
                new TransformWithNode<T, U, KeyValue<K, V>>(node, other.node, function));
    }

    /**
     * Each batch's records, then {@code other}'s.
     *
     * @throws IllegalArgumentException when the streams slide differently
     */
    public DStream<T> union(DStream<T> other) {
        return new DStream<>(new TransformWithNode<T, T, T>(node, other.node, Batches::concat));
    }

    /** A one-record batch: the number of records in the batch (0 for an empty one). */
    public DStream<Long> count() {
        return transform(records -> List.of((long) records.size()));
    }

    /** The batch's records reduced to one by {@code reduce}; an empty batch stays empty. */
    public DStream<T> reduce(BinaryOperator<T> reduce) {
        return transform(
                records ->
                        records.isEmpty()
                                ? List.of()
                                : List.of(records.stream().reduce(reduce).get()));
    }

    /** How often each distinct record occurs in the batch. */
    public PairDStream<T, Long> countByValue() {
        return mapToPair(record -> KeyValue.of(record, 1L)).reduceByKey(Long::sum);
    }

    /** {@link #countByValue()}; {@code numPartitions} must be positive (it changes nothing). */
    public PairDStream<T, Long> countByValue(int numPartitions) {
        Partitions.check(numPartitions);
        return countByValue();
    }

    /**
     * A window of {@code length} sliding by this stream's slide; see {@link #window(Duration,
     * Duration)}.
     */
    public DStream<T> window(Duration length) {
        return window(length, slideDuration());
    }

    /**
     * At each multiple of {@code slide}, the records of this stream's batches in the last {@code
     * length}, oldest first. Windows go on after input stops (empty once the last batch with
     * records has left).
     *
     * @throws IllegalArgumentException when {@code length} or {@code slide} is not a positive
     *     multiple of this stream's slide (the batch interval)
     */
    public DStream<T> window(Duration length, Duration slide) {
        return new DStream<>(new WindowNode<>(node, length, slide));
    }

    /**
     * Each window's records reduced by {@code reduce}; an empty window gives an empty batch.
     *
     * @see #window(Duration, Duration)
     */
    public DStream<T> reduceByWindow(BinaryOperator<T> reduce, Duration length, Duration slide) {
        return reduce(reduce).window(length, slide).reduce(reduce);
    }

    /**
     * Each window's records reduced by {@code reduce}, computed from the previous window by taking
     * out the batches that left with {@code inverseReduce}; {@code inverseReduce(reduce(a, b), b)}
     * must equal {@code a}. As in Spark, windows before the first record give empty batches, and
     * once a record came every window gives one record: an empty window the value {@code
     * inverseReduce} left (0 for sums).
     */
    public DStream<T> reduceByWindow(
            BinaryOperator<T> reduce,
            BinaryOperator<T> inverseReduce,
            Duration length,
            Duration slide) {
        return mapToPair(record -> KeyValue.of(Boolean.TRUE, record))
                .reduceByKeyAndWindow(reduce, inverseReduce, length, slide)
                .map(KeyValue::value);
    }

    /**
     * A one-record batch per window, how many records it holds, as Spark's: windows before the
     * first record give empty batches; after it, an empty window gives 0.
     */
    public DStream<Long> countByWindow(Duration length, Duration slide) {
        return map(record -> 1L)
                .reduceByWindow(Long::sum, (total, leaving) -> total - leaving, length, slide);
    }

    /**
     * How often each distinct record occurs in each window, as Spark's: an inverse reduction of
     * counts whose filter drops the records with no occurrence left in the window.
     */
    public PairDStream<T, Long> countByValueAndWindow(Duration length, Duration slide) {
        return mapToPair(record -> KeyValue.of(record, 1L))
                .reduceByKeyAndWindow(
                        Long::sum,
                        (total, leaving) -> total - leaving,
                        length,
                        slide,
                        1,
                        count -> count.value() != 0L);
    }

    /**
     * {@link #countByValueAndWindow(Duration, Duration)}; {@code numPartitions} must be positive
     * (it changes nothing).
     */
    public PairDStream<T, Long> countByValueAndWindow(
            Duration length, Duration slide, int numPartitions) {
        Partitions.check(numPartitions);
        return countByValueAndWindow(length, slide);
    }

    /**
     * This stream's batches at its times in {@code [from, to]}, both floored to its slide, oldest
     * first. Times at or before the zero time have no batch.
     *
     * @throws IllegalArgumentException when {@code to} is after the last batch run, or a batch in
     *     the range is no longer remembered ({@link StreamingContext#remember} keeps more)
     * @throws IllegalStateException before the first batch ran
     */
    public List<Batch<T>> slice(Time from, Time to) {
        return node.slice(from, to);
    }

    /** An output operation: {@code consumer} gets each batch this stream generates. */
    public void foreachBatch(BatchConsumer<T> consumer) {
        context().addOutput(node, consumer);
    }

    /** Spark's name of {@link #foreachBatch}: {@code consumer} gets each batch and its time. */
    public void foreachRDD(BatchConsumer<T> consumer) {
        foreachBatch(consumer);
    }

    /** Spark's {@code foreachRDD(rdd -> ...)}: {@code consumer} gets each batch's records. */
    public void foreachRDD(Consumer<List<T>> consumer) {
        foreachBatch((records, time) -> consumer.accept(records));
    }

    /**
     * Prints the first 10 records of each batch to standard output; see {@link #print(int,
     * PrintStream)}.
     */
    public void print() {
        print(10);
    }

    /** Prints the first {@code count} records of each batch to standard output. */
    public void print(int count) {
        print(count, System.out);
    }

    /**
     * Prints, for each batch, a header with its time and its first {@code count} records, one a
     * line, then {@code ...} when it has more: Spark's {@code print} format.
     */
    public void print(int count, PrintStream out) {
        Checks.argument(count > 0, "print count must be positive, got %s", count);
        foreachBatch((records, time) -> out.print(BatchPrinter.format(records, time, count)));
    }

    /**
     * Saves each batch as text, Spark's {@code saveAsTextFiles}: a directory {@code prefix-<batch
     * time ms>.suffix} ({@code prefix-<batch time ms>} when the suffix is empty) holding {@code
     * part-00000}, each record's {@code toString()} on a line, and an empty {@code _SUCCESS} once
     * that file is complete; see {@link TextFiles}.
     */
    public void saveAsTextFiles(String prefix, String suffix) {
        foreachBatch(TextFiles.saver(prefix, suffix));
    }
}
