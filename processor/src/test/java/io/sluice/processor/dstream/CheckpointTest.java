package io.sluice.processor.dstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.processor.testkit.CollectedBatches;
import io.sluice.processor.testkit.QueueStream;
import io.sluice.processor.testkit.StreamingTestKit;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/** A context restored from a checkpoint goes on as the one it was taken of would have. */
class CheckpointTest {
    private static final Duration INTERVAL = Duration.ofSeconds(1);

    /**
     * A graph with state of every kind: updateStateByKey, inverse windows (keeping keys whose
     * records left, filtering them, dropping them), a plain window.
     */
    private static List<CollectedBatches<?>> graph(StreamingTestKit kit, QueueStream<String> in) {
        PairDStream<String, Integer> ones = in.stream().mapToPair(word -> KeyValue.of(word, 1));
        return List.of(
                kit.collect(
                        ones.updateStateByKey(
                                (List<Integer> values, Optional<Integer> count) ->
                                        Optional.of(count.orElse(0) + values.size()),
                                Map.of("hello", 1))),
                kit.collect(
                        ones.reduceByKeyAndWindow(
                                Integer::sum, (a, b) -> a - b, INTERVAL.multipliedBy(3), INTERVAL)),
                kit.collect(in.stream().window(INTERVAL.multipliedBy(2), INTERVAL).count()),
                // keys kept at 0 (every batch here has a key at 0), dropped by a filter or count
                kit.collect(
                        ones.reduceByKeyAndWindow(
                                Integer::sum, (a, b) -> a - b, INTERVAL, INTERVAL)),
                kit.collect(in.stream().countByValueAndWindow(INTERVAL.multipliedBy(2), INTERVAL)),
                kit.collect(in.stream().countByWindow(INTERVAL.multipliedBy(2), INTERVAL)),
                kit.collect(
                        ones.reduceByKeyAndWindow(
                                Integer::sum,
                                (a, b) -> a - b,
                                INTERVAL.multipliedBy(2),
                                INTERVAL,
                                EmptyWindowKeys.DROP)));
    }

    /**
     * A graph of joins whose windows remember joined records: every join kind, windows joined, and
     * windows over joins' outputs, whose Joined, Optional and Cogrouped values a checkpoint holds.
     */
    private static List<CollectedBatches<?>> joinGraph(
            StreamingTestKit kit, QueueStream<String> in) {
        PairDStream<String, String> byFirst =
                in.stream().mapToPair(word -> KeyValue.of(word.substring(0, 1), word));
        PairDStream<String, Integer> byLast =
                in.stream()
                        .mapToPair(
                                word ->
                                        KeyValue.of(
                                                word.substring(word.length() - 1), word.length()));
        Duration twoBatches = INTERVAL.multipliedBy(2);
        return List.of(
                kit.collect(
                        byFirst.window(twoBatches, INTERVAL)
                                .join(byLast.window(INTERVAL.multipliedBy(3), INTERVAL))),
                kit.collect(byFirst.join(byLast).window(twoBatches, INTERVAL)),
                kit.collect(byFirst.leftOuterJoin(byLast).window(twoBatches, INTERVAL)),
                kit.collect(byFirst.rightOuterJoin(byLast).window(twoBatches, INTERVAL)),
                kit.collect(byFirst.fullOuterJoin(byLast).window(twoBatches, INTERVAL)),
                kit.collect(byFirst.cogroup(byLast).window(twoBatches, INTERVAL)));
    }

    @Test
    void shouldGoOnAsTheUninterruptedContextWhenRestoredFromACheckpoint() {
        assertRestoredGoesOnAsUninterrupted(
                CheckpointTest::graph,
                List.of(
                        List.of("a", "b", "a"),
                        List.of("b", "c"),
                        List.of("a"),
                        List.of("c", "c")));
    }

    @Test
    void shouldGoOnAsTheUninterruptedContextWhenAGraphOfJoinsIsRestored() {
        assertRestoredGoesOnAsUninterrupted(
                CheckpointTest::joinGraph,
                List.of(
                        List.of("apple", "banana", "cab"),
                        List.of("bob", "echo", "cherry"),
                        List.of("crab", "ada"),
                        List.of("oboe", "bulb")));
    }

    /**
     * Runs four batches through {@code graph} without a break, and again with a checkpoint after
     * batch 2 restored into a new context, and compares batches 3 and 4 of every output.
     */
    private static void assertRestoredGoesOnAsUninterrupted(
            BiFunction<StreamingTestKit, QueueStream<String>, List<CollectedBatches<?>>> graph,
            List<List<String>> batches) {
        StreamingTestKit whole = StreamingTestKit.withBatchInterval(INTERVAL);
        QueueStream<String> wholeIn = whole.queueStream();
        List<CollectedBatches<?>> expected = graph.apply(whole, wholeIn);
        whole.start();
        batches.forEach(wholeIn::add);
        whole.advanceBatches(4);

        StreamingTestKit first = StreamingTestKit.withBatchInterval(INTERVAL);
        QueueStream<String> firstIn = first.queueStream();
        graph.apply(first, firstIn);
        first.start();
        firstIn.add(batches.get(0));
        firstIn.add(batches.get(1));
        first.advanceBatches(2);
        byte[] checkpoint = first.context().checkpoint();

        StreamingTestKit second = StreamingTestKit.withBatchInterval(INTERVAL);
        QueueStream<String> secondIn = second.queueStream();
        List<CollectedBatches<?>> restored = graph.apply(second, secondIn);
        second.start();
        second.context().restore(checkpoint);
        second.clock().advance(INTERVAL.multipliedBy(2));
        secondIn.add(batches.get(2));
        secondIn.add(batches.get(3));
        second.advanceBatches(2);

        for (int output = 0; output < expected.size(); output++) {
            for (int batch = 3; batch <= 4; batch++) {
                assertThat(sortedStrings(restored.get(output).at(second.batchTime(batch))))
                        .as("output %d, batch %d", output, batch)
                        .isEqualTo(sortedStrings(expected.get(output).at(whole.batchTime(batch))));
            }
        }
    }

    @Test
    void shouldRefuseACheckpointOfAnotherGraph() {
        StreamingTestKit first = StreamingTestKit.withBatchInterval(INTERVAL);
        QueueStream<String> firstIn = first.queueStream();
        graph(first, firstIn);
        first.start();
        first.advanceBatches(1);
        byte[] checkpoint = first.context().checkpoint();
        StreamingTestKit other = StreamingTestKit.withBatchInterval(INTERVAL);
        QueueStream<String> otherIn = other.queueStream();
        other.collect(otherIn.stream().count());
        other.start();

        assertThatThrownBy(() -> other.context().restore(checkpoint))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("the checkpoint is of another graph");
    }

    private static List<String> sortedStrings(List<?> records) {
        return records.stream().map(String::valueOf).sorted().toList();
    }

    @Test
    void shouldNotCarryTheRecordsOfTheLastBatchWhenNoWindowReadsThemAgain() {
        StreamingTestKit kit = StreamingTestKit.withBatchInterval(INTERVAL);
        QueueStream<String> in = kit.queueStream();
        kit.collect(
                in.stream()
                        .mapToPair(word -> KeyValue.of(word.substring(0, 1), 1))
                        .updateStateByKey(
                                (List<Integer> values, Optional<Integer> count) ->
                                        Optional.of(count.orElse(0) + values.size())));
        kit.start();
        List<String> backlog = new java.util.ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            backlog.add("w" + i + "-".repeat(50));
        }
        in.add(backlog);
        kit.advanceBatches(1);

        byte[] checkpoint = kit.context().checkpoint();

        // a Kafka job writes it as one record: a copy of the batch's 1 MB of input would not fit
        assertThat(checkpoint.length).isLessThan(16 * 1024);
    }
}
