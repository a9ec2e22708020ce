package io.sluice.processor.dstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.processor.testkit.CollectedBatches;
import io.sluice.processor.testkit.QueueStream;
import io.sluice.processor.testkit.StreamingTestKit;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class WindowTest {

    private static final Duration BATCH = Duration.ofSeconds(1);

    private final StreamingTestKit kit = StreamingTestKit.withBatchInterval(BATCH);

    @Test
    void shouldWindowThreeBatchesEveryTwoWhenInputStops() {
        QueueStream<Integer> numbers = kit.queueStream();
        CollectedBatches<Integer> windows =
                kit.collect(numbers.stream().window(batches(3), batches(2)));
        kit.start();

        for (int batch = 1; batch <= 5; batch++) {
            numbers.addBatch(batch * 10, batch * 10 + 1);
        }
        kit.advanceBatches(10);

        assertThat(windows.times())
                .containsExactly(
                        kit.batchTime(2),
                        kit.batchTime(4),
                        kit.batchTime(6),
                        kit.batchTime(8),
                        kit.batchTime(10));
        assertThat(windows.at(kit.batchTime(2))).containsExactly(10, 11, 20, 21);
        assertThat(windows.at(kit.batchTime(4))).containsExactly(20, 21, 30, 31, 40, 41);
        assertThat(windows.at(kit.batchTime(6))).containsExactly(40, 41, 50, 51);
        assertThat(windows.at(kit.batchTime(8))).isEmpty();
        assertThat(windows.at(kit.batchTime(10))).isEmpty();
    }

    @Test
    void shouldReduceWindowsOfFourBatchesEveryTwoUntilTheWindowIsEmpty() {
        QueueStream<Integer> numbers = kit.queueStream();
        PairDStream<Integer, Integer> ones =
                numbers.stream().mapToPair(x -> KeyValue.of(x % 10, 1));
        CollectedBatches<KeyValue<Integer, Integer>> plain =
                kit.collect(ones.reduceByKeyAndWindow(Integer::sum, batches(4), batches(2)));
        CollectedBatches<KeyValue<Integer, Integer>> incremental =
                kit.collect(
                        ones.reduceByKeyAndWindow(
                                Integer::sum, (a, b) -> a - b, batches(4), batches(2)));
        kit.start();

        for (int batch = 1; batch <= 5; batch++) {
            numbers.add(IntStream.range(0, 1000).boxed().toList());
        }
        kit.advanceBatches(12);

        for (CollectedBatches<KeyValue<Integer, Integer>> windows : List.of(plain, incremental)) {
            assertThat(windows.times())
                    .containsExactly(
                            kit.batchTime(2),
                            kit.batchTime(4),
                            kit.batchTime(6),
                            kit.batchTime(8),
                            kit.batchTime(10),
                            kit.batchTime(12));
            assertThat(asMap(windows.at(kit.batchTime(2)))).isEqualTo(everyDigit(200));
            assertThat(asMap(windows.at(kit.batchTime(4)))).isEqualTo(everyDigit(400));
            assertThat(asMap(windows.at(kit.batchTime(6)))).isEqualTo(everyDigit(300));
            assertThat(asMap(windows.at(kit.batchTime(8)))).isEqualTo(everyDigit(100));
        }
        assertThat(plain.at(kit.batchTime(10))).isEmpty();
        assertThat(plain.at(kit.batchTime(12))).isEmpty();
        // as Spark's, the inverse reduction keeps every key once seen, at what the inverse left
        assertThat(asMap(incremental.at(kit.batchTime(10)))).isEqualTo(everyDigit(0));
        assertThat(asMap(incremental.at(kit.batchTime(12)))).isEqualTo(everyDigit(0));
    }

    @Test
    void shouldSkipBatchesWhenTheSlideIsLongerThanTheWindow() {
        QueueStream<Integer> numbers = kit.queueStream();
        CollectedBatches<Integer> windows =
                kit.collect(numbers.stream().window(batches(1), batches(2)));
        kit.start();

        for (int batch = 1; batch <= 4; batch++) {
            numbers.addBatch(batch);
        }
        kit.advanceBatches(4);

        assertThat(windows.all())
                .containsExactly(
                        Map.entry(kit.batchTime(2), List.of(2)),
                        Map.entry(kit.batchTime(4), List.of(4)));
    }

    // Spark's inverse reduction would give (a,1) (b,2) at 2: for a key with no previous value it
    // reduces every batch after the previous window, batch 1 included; ours holds the window's
    @Test
    void shouldReduceOnlyTheWindowsBatchesWithInverseWhenTheSlideIsLongerThanTheWindow() {
        QueueStream<String> words = kit.queueStream();
        CollectedBatches<KeyValue<String, Integer>> counts =
                kit.collect(
                        words.stream()
                                .mapToPair(word -> KeyValue.of(word, 1))
                                .reduceByKeyAndWindow(
                                        Integer::sum, (a, b) -> a - b, batches(1), batches(2)));
        kit.start();

        words.addBatch("a", "b");
        words.addBatch("b");
        words.addBatch("b");
        words.addBatch("c");
        kit.advanceBatches(4);

        assertThat(counts.all())
                .containsExactly(
                        Map.entry(kit.batchTime(2), List.of(KeyValue.of("b", 1))),
                        Map.entry(
                                kit.batchTime(4),
                                List.of(KeyValue.of("b", 0), KeyValue.of("c", 1))));
    }

    @Test
    void shouldWindowAWindowedStreamBySlidesOfItsSlide() {
        QueueStream<Integer> numbers = kit.queueStream();
        CollectedBatches<Integer> windows =
                kit.collect(
                        numbers.stream()
                                .window(batches(2), batches(2))
                                .window(batches(4), batches(4)));
        kit.start();

        for (int batch = 1; batch <= 4; batch++) {
            numbers.addBatch(batch);
        }
        kit.advanceBatches(4);

        assertThat(windows.all()).containsExactly(Map.entry(kit.batchTime(4), List.of(1, 2, 3, 4)));
    }

    @Test
    void shouldRefuseWindowLengthWhenNotAMultipleOfTheBatchInterval() {
        QueueStream<Integer> numbers = kit.queueStream();

        assertThatThrownBy(() -> numbers.stream().window(Duration.ofMillis(2500), batches(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "window length PT2.5S must be a positive multiple of the batch interval"
                                + " PT1S (the slide of the stream it windows)");
    }

    @Test
    void shouldRefuseWindowSlideWhenNotAMultipleOfTheParentSlide() {
        QueueStream<Integer> numbers = kit.queueStream();
        DStream<Integer> everyTwo = numbers.stream().window(batches(2), batches(2));

        assertThatThrownBy(() -> everyTwo.window(batches(4), batches(3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "window slide PT3S must be a positive multiple of the batch interval PT2S"
                                + " (the slide of the stream it windows)");
        assertThatThrownBy(
                        () ->
                                numbers.stream()
                                        .mapToPair(x -> KeyValue.of(x, x))
                                        .reduceByKeyAndWindow(
                                                Integer::sum, (a, b) -> a - b, batches(0), BATCH))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("window length PT0S must be a positive multiple");
    }

    private static Duration batches(int count) {
        return BATCH.multipliedBy(count);
    }

    private static Map<Integer, Integer> everyDigit(int count) {
        return IntStream.range(0, 10)
                .boxed()
                .collect(Collectors.toMap(digit -> digit, digit -> count));
    }

    private static <K, V> Map<K, V> asMap(List<KeyValue<K, V>> records) {
        Map<K, V> map = records.stream().collect(Collectors.toMap(KeyValue::key, KeyValue::value));
        assertThat(map).hasSameSizeAs(records);
        return map;
    }
}
