package io.sluice.processor.dstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.processor.testkit.CollectedBatches;
import io.sluice.processor.testkit.QueueStream;
import io.sluice.processor.testkit.StreamingTestKit;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UpdateStateByKeyTest {

    private final StreamingTestKit kit = StreamingTestKit.withBatchInterval(Duration.ofSeconds(1));

    @Test
    void shouldKeepRunningWordCountsFromTheInitialStateWhenBatchesArrive() {
        QueueStream<String> lines = kit.queueStream();
        CollectedBatches<KeyValue<String, Integer>> counts =
                kit.collect(
                        lines.stream()
                                .flatMap(line -> Arrays.asList(line.split(" ")))
                                .mapToPair(word -> KeyValue.of(word, 1))
                                .updateStateByKey(
                                        UpdateStateByKeyTest::addCounts,
                                        Map.of("hello", 1, "world", 1)));
        kit.start();

        lines.addBatch("hello spark", "spark streaming");
        lines.addBatch("world");
        lines.addBatch();
        kit.advanceBatches(3);

        assertThat(counts.at(kit.batchTime(1)))
                .containsExactlyInAnyOrder(
                        KeyValue.of("hello", 2),
                        KeyValue.of("world", 1),
                        KeyValue.of("spark", 2),
                        KeyValue.of("streaming", 1));
        assertThat(counts.at(kit.batchTime(2)))
                .containsExactlyInAnyOrder(
                        KeyValue.of("hello", 2),
                        KeyValue.of("world", 2),
                        KeyValue.of("spark", 2),
                        KeyValue.of("streaming", 1));
        assertThat(counts.at(kit.batchTime(3))).isEqualTo(counts.at(kit.batchTime(2)));
    }

    @Test
    void shouldEmitInitialStateInTheFirstBatchWhenItHasNoRecords() {
        QueueStream<String> words = kit.queueStream();
        CollectedBatches<KeyValue<String, Integer>> counts =
                kit.collect(
                        words.stream()
                                .mapToPair(word -> KeyValue.of(word, 1))
                                .updateStateByKey(
                                        UpdateStateByKeyTest::addCounts,
                                        Map.of("hello", 1, "world", 1)));
        kit.start();

        kit.advanceBatches(1);

        assertThat(counts.at(kit.batchTime(1)))
                .containsExactlyInAnyOrder(KeyValue.of("hello", 1), KeyValue.of("world", 1));
    }

    @Test
    void shouldDropKeyWhenUpdateReturnsEmpty() {
        QueueStream<String> words = kit.queueStream();
        // A key lives for as long as it has values in consecutive batches.
        CollectedBatches<KeyValue<String, Integer>> streaks =
                kit.collect(
                        words.stream()
                                .mapToPair(word -> KeyValue.of(word, 1))
                                .updateStateByKey(
                                        (List<Integer> values, Optional<Integer> streak) ->
                                                values.isEmpty()
                                                        ? Optional.empty()
                                                        : Optional.of(streak.orElse(0) + 1)));
        kit.start();

        words.addBatch("a", "b");
        words.addBatch("a");
        words.addBatch("b");
        kit.advanceBatches(3);

        assertThat(streaks.at(kit.batchTime(1)))
                .containsExactlyInAnyOrder(KeyValue.of("a", 1), KeyValue.of("b", 1));
        assertThat(streaks.at(kit.batchTime(2))).containsExactly(KeyValue.of("a", 2));
        assertThat(streaks.at(kit.batchTime(3))).containsExactly(KeyValue.of("b", 1));
    }

    @Test
    void shouldCallUpdateWithTheBatchValuesInOrderWhenAKeyHasSeveral() {
        QueueStream<KeyValue<String, String>> events = kit.queueStream();
        CollectedBatches<KeyValue<String, String>> history =
                kit.collect(
                        events.stream()
                                .mapToPair(event -> event)
                                .updateStateByKey(
                                        (List<String> values, Optional<String> seen) ->
                                                Optional.of(
                                                        seen.orElse("")
                                                                + String.join("", values))));
        kit.start();

        events.addBatch(KeyValue.of("k", "a"), KeyValue.of("k", "b"));
        events.addBatch(KeyValue.of("k", "c"));
        kit.advanceBatches(2);

        assertThat(history.at(kit.batchTime(2))).containsExactly(KeyValue.of("k", "abc"));
    }

    private static Optional<Integer> addCounts(List<Integer> values, Optional<Integer> count) {
        return Optional.of(count.orElse(0) + values.stream().mapToInt(Integer::intValue).sum());
    }

    // Spark's BasicOperationsSuite "updateStateByKey"
    @Test
    void shouldGiveSparksRunningCountsWhenStartingWithNoState() {
        QueueStream<String> words = kit.queueStream();
        CollectedBatches<KeyValue<String, Integer>> counts =
                kit.collect(
                        words.stream()
                                .mapToPair(word -> KeyValue.of(word, 1))
                                .updateStateByKey(UpdateStateByKeyTest::addCounts));
        kit.start();

        sparkInput(words);
        kit.advanceBatches(6);

        assertThat(SparkWindowOperationsTest.asMaps(counts))
                .containsExactly(
                        Map.of("a", 1),
                        Map.of("a", 2, "b", 1),
                        Map.of("a", 3, "b", 2, "c", 1),
                        Map.of("a", 4, "b", 3, "c", 1),
                        Map.of("a", 5, "b", 3, "c", 1),
                        Map.of("a", 5, "b", 3, "c", 1));
    }

    // Spark's BasicOperationsSuite "updateStateByKey - simple with initial value RDD", which
    // passes a HashPartitioner and the initial state
    @Test
    void shouldGiveSparksRunningCountsWhenStartingFromAnInitialState() {
        QueueStream<String> words = kit.queueStream();
        CollectedBatches<KeyValue<String, Integer>> counts =
                kit.collect(
                        words.stream()
                                .mapToPair(word -> KeyValue.of(word, 1))
                                .updateStateByKey(
                                        UpdateStateByKeyTest::addCounts,
                                        Partitioner.hash(2),
                                        Map.of("a", 1, "c", 2)));
        kit.start();

        sparkInput(words);
        kit.advanceBatches(6);

        assertThat(SparkWindowOperationsTest.asMaps(counts))
                .containsExactly(
                        Map.of("a", 2, "c", 2),
                        Map.of("a", 3, "b", 1, "c", 2),
                        Map.of("a", 4, "b", 2, "c", 3),
                        Map.of("a", 5, "b", 3, "c", 3),
                        Map.of("a", 6, "b", 3, "c", 3),
                        Map.of("a", 6, "b", 3, "c", 3));
    }

    private static void sparkInput(QueueStream<String> words) {
        words.addBatch("a");
        words.addBatch("a", "b");
        words.addBatch("a", "b", "c");
        words.addBatch("a", "b");
        words.addBatch("a");
        words.addBatch();
    }
}
