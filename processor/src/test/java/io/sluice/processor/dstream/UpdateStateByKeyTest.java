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
}
