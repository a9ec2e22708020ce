package io.sluice.processor.dstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.processor.testkit.CollectedBatches;
import io.sluice.processor.testkit.PairQueueStream;
import io.sluice.processor.testkit.QueueStream;
import io.sluice.processor.testkit.StreamingTestKit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The overloads Spark users call: {@code numPartitions} and partitioner forms (checked, otherwise
 * the same batches), transform with the batch time, and foreachRDD.
 */
class SparkApiOverloadsTest {

    private static final Duration BATCH = Duration.ofSeconds(1);
    private static final Duration TWO = BATCH.multipliedBy(2);
    private static final Partitioner FOUR = Partitioner.hash(4);

    private final StreamingTestKit kit = StreamingTestKit.withBatchInterval(BATCH);

    @Test
    void shouldGiveTheSameBatchesWhenNumPartitionsOrAPartitionerIsPassed() {
        PairQueueStream<String, Integer> in = kit.pairQueueStream();
        PairDStream<String, Integer> s = in.stream();
        UpdateStateFunction<Integer, Integer> sum =
                (values, state) ->
                        Optional.of(state.orElse(0) + values.stream().mapToInt(v -> v).sum());
        List<List<CollectedBatches<?>>> alike =
                List.of(
                        collect(
                                s.reduceByKey(Integer::sum),
                                s.reduceByKey(Integer::sum, 3),
                                s.reduceByKey(Integer::sum, FOUR)),
                        collect(s.groupByKey(), s.groupByKey(3), s.groupByKey(FOUR)),
                        collect(
                                s.reduceByKeyAndWindow(Integer::sum, TWO, BATCH),
                                s.reduceByKeyAndWindow(Integer::sum, TWO, BATCH, 3),
                                s.reduceByKeyAndWindow(Integer::sum, TWO, BATCH, FOUR)),
                        collect(
                                s.reduceByKeyAndWindow(
                                        Integer::sum, (a, b) -> a - b, TWO, BATCH, 3, kv -> true),
                                s.reduceByKeyAndWindow(
                                        Integer::sum,
                                        (a, b) -> a - b,
                                        TWO,
                                        BATCH,
                                        FOUR,
                                        kv -> true),
                                s.reduceByKeyAndWindow(Integer::sum, (a, b) -> a - b, TWO, BATCH)),
                        collect(
                                s.groupByKeyAndWindow(TWO, BATCH),
                                s.groupByKeyAndWindow(TWO, BATCH, 3),
                                s.groupByKeyAndWindow(TWO, BATCH, FOUR)),
                        collect(
                                s.updateStateByKey(sum),
                                s.updateStateByKey(sum, 3),
                                s.updateStateByKey(sum, FOUR)),
                        collect(
                                s.updateStateByKey(sum, Map.of("z", 9)),
                                s.updateStateByKey(sum, FOUR, Map.of("z", 9))),
                        collect(s.join(s), s.join(s, 3), s.join(s, FOUR)),
                        collect(
                                s.leftOuterJoin(s),
                                s.leftOuterJoin(s, 3),
                                s.leftOuterJoin(s, FOUR)),
                        collect(
                                s.rightOuterJoin(s),
                                s.rightOuterJoin(s, 3),
                                s.rightOuterJoin(s, FOUR)),
                        collect(
                                s.fullOuterJoin(s),
                                s.fullOuterJoin(s, 3),
                                s.fullOuterJoin(s, FOUR)),
                        collect(s.cogroup(s), s.cogroup(s, 3), s.cogroup(s, FOUR)),
                        collect(
                                s.map(KeyValue::key).countByValue(),
                                s.map(KeyValue::key).countByValue(3)),
                        collect(
                                s.map(KeyValue::key).countByValueAndWindow(TWO, BATCH),
                                s.map(KeyValue::key).countByValueAndWindow(TWO, BATCH, 3)));
        kit.start();

        in.addBatch(KeyValue.of("a", 1), KeyValue.of("b", 2), KeyValue.of("a", 3));
        in.addBatch(KeyValue.of("b", 4));
        in.addBatch();
        kit.advanceBatches(4);

        for (List<CollectedBatches<?>> outputs : alike) {
            assertThat(outputs.get(0).all()).isNotEmpty();
            for (CollectedBatches<?> output : outputs) {
                assertThat(output.all()).isEqualTo(outputs.get(0).all());
            }
        }
    }

    @Test
    void shouldRefuseNumPartitionsWhenNotPositiveAsSparkDoes() {
        PairDStream<String, Integer> s = kit.<String, Integer>pairQueueStream().stream();
        List<Consumer<Integer>> calls =
                List.of(
                        n -> s.reduceByKey(Integer::sum, n),
                        n -> s.groupByKey(n),
                        n -> s.reduceByKeyAndWindow(Integer::sum, TWO, BATCH, n),
                        n ->
                                s.reduceByKeyAndWindow(
                                        Integer::sum, (a, b) -> a - b, TWO, BATCH, n, kv -> true),
                        n -> s.groupByKeyAndWindow(TWO, BATCH, n),
                        n -> s.updateStateByKey((values, state) -> state, n),
                        n -> s.join(s, n),
                        n -> s.leftOuterJoin(s, n),
                        n -> s.rightOuterJoin(s, n),
                        n -> s.fullOuterJoin(s, n),
                        n -> s.cogroup(s, n),
                        n -> s.map(KeyValue::key).countByValue(n),
                        n -> s.map(KeyValue::key).countByValueAndWindow(TWO, BATCH, n),
                        n -> Partitioner.hash(n));

        for (Consumer<Integer> call : calls) {
            for (int bad : List.of(0, -2)) {
                assertThatThrownBy(() -> call.accept(bad))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageStartingWith("numPartitions must be positive, got " + bad);
            }
        }
    }

    @Test
    void shouldRefuseAPartitionerWhenItIsMissingOrHasNoPartitions() {
        PairDStream<String, Integer> s = kit.<String, Integer>pairQueueStream().stream();
        Partitioner none =
                new Partitioner() {
                    @Override
                    public int numPartitions() {
                        return 0;
                    }

                    @Override
                    public int getPartition(Object key) {
                        return 0;
                    }
                };

        assertThatThrownBy(() -> s.reduceByKey(Integer::sum, (Partitioner) null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("partitioner must not be null");
        assertThatThrownBy(() -> s.join(s, none))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("numPartitions must be positive, got 0");
    }

    @Test
    void shouldRefuseAMissingFilterFuncWhenTheStreamIsBuilt() {
        PairDStream<String, Integer> s = kit.<String, Integer>pairQueueStream().stream();

        assertThatThrownBy(
                        () ->
                                s.reduceByKeyAndWindow(
                                        Integer::sum, (a, b) -> a - b, TWO, BATCH, 2, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("filterFunc must not be null");
    }

    @Test
    void shouldPutEveryKeyInARangeOfPartitionsWhenHashPartitioning() {
        Partitioner three = Partitioner.hash(3);

        assertThat(three.numPartitions()).isEqualTo(3);
        assertThat(three.getPartition(-7)).isEqualTo(2); // floorMod, never negative
        assertThat(three.getPartition(7)).isEqualTo(1);
        assertThat(three.getPartition(null)).isZero();
    }

    @Test
    void shouldGiveTheBatchTimeToTransformWhenItTakesTwoArguments() {
        QueueStream<String> words = kit.queueStream();
        CollectedBatches<String> stamped =
                kit.collect(
                        words.stream()
                                .transform(
                                        (records, time) ->
                                                records.stream()
                                                        .map(word -> word + "@" + time)
                                                        .toList()));
        kit.start();

        words.addBatch("a", "b");
        words.addBatch("c");
        kit.advanceBatches(2);

        assertThat(stamped.at(kit.batchTime(1))).containsExactly("a@1000 ms", "b@1000 ms");
        assertThat(stamped.at(kit.batchTime(2))).containsExactly("c@2000 ms");
    }

    @Test
    void shouldGiveTheBatchTimeToTransformToPairOnAKeyedStream() {
        PairQueueStream<String, Integer> in = kit.pairQueueStream();
        CollectedBatches<KeyValue<String, Long>> stamped =
                kit.collect(
                        in.stream()
                                .transformToPair(
                                        (records, time) ->
                                                records.stream()
                                                        .map(
                                                                kv ->
                                                                        KeyValue.of(
                                                                                kv.key(),
                                                                                time.milliseconds()
                                                                                        + kv
                                                                                                .value()))
                                                        .toList())
                                .reduceByKey(Long::sum));
        kit.start();

        in.addBatch(KeyValue.of("a", 1), KeyValue.of("a", 2));
        in.addBatch(KeyValue.of("b", 5));
        kit.advanceBatches(2);

        assertThat(stamped.at(kit.batchTime(1))).containsExactly(KeyValue.of("a", 2003L));
        assertThat(stamped.at(kit.batchTime(2))).containsExactly(KeyValue.of("b", 2005L));
    }

    @Test
    void shouldCallForeachRDDWithEachBatchWithAndWithoutItsTime() {
        QueueStream<String> words = kit.queueStream();
        List<List<String>> records = new ArrayList<>();
        List<String> timed = new ArrayList<>();
        words.stream().foreachRDD(batch -> records.add(batch));
        words.stream().foreachRDD((batch, time) -> timed.add(time + " " + batch));
        kit.start();

        words.addBatch("a", "b");
        kit.advanceBatches(2);

        assertThat(records).containsExactly(List.of("a", "b"), List.of());
        assertThat(timed).containsExactly("1000 ms [a, b]", "2000 ms []");
    }

    private static List<CollectedBatches<?>> collect(DStream<?>... streams) {
        List<CollectedBatches<?>> collected = new ArrayList<>();
        for (DStream<?> stream : streams) {
            collected.add(CollectedBatches.of(stream));
        }
        return collected;
    }
}
