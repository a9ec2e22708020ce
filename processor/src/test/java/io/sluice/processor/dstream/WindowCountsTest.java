package io.sluice.processor.dstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.processor.testkit.CollectedBatches;
import io.sluice.processor.testkit.QueueStream;
import io.sluice.processor.testkit.StreamingTestKit;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WindowCountsTest {

    private static final Duration BATCH = Duration.ofSeconds(1);

    private final StreamingTestKit kit = StreamingTestKit.withBatchInterval(BATCH);

    @Test
    void shouldCountRecordsPerWindowWithZeroWhenTheWindowIsEmpty() {
        QueueStream<String> words = kit.queueStream();
        CollectedBatches<Long> counts =
                kit.collect(words.stream().countByWindow(BATCH.multipliedBy(2), BATCH));
        kit.start();

        words.addBatch("a", "b", "c");
        words.addBatch();
        words.addBatch("d", "e");
        words.addBatch("f", "g", "h", "i", "j");
        kit.advanceBatches(6);

        assertThat(counts.all().values())
                .containsExactly(
                        List.of(3L),
                        List.of(3L),
                        List.of(2L),
                        List.of(7L),
                        List.of(5L),
                        List.of(0L));
    }

    @Test
    void shouldCountEachValuePerWindowAndDropValuesThatLeft() {
        QueueStream<String> words = kit.queueStream();
        CollectedBatches<KeyValue<String, Long>> counts =
                kit.collect(
                        words.stream()
                                .countByValueAndWindow(
                                        BATCH.multipliedBy(2), BATCH.multipliedBy(1)));
        kit.start();

        words.addBatch("a", "b", "a");
        words.addBatch("b");
        words.addBatch("c");
        kit.advanceBatches(4);

        assertThat(asMap(counts.at(kit.batchTime(1)))).isEqualTo(Map.of("a", 2L, "b", 1L));
        assertThat(asMap(counts.at(kit.batchTime(2)))).isEqualTo(Map.of("a", 2L, "b", 2L));
        assertThat(asMap(counts.at(kit.batchTime(3)))).isEqualTo(Map.of("b", 1L, "c", 1L));
        assertThat(asMap(counts.at(kit.batchTime(4)))).isEqualTo(Map.of("c", 1L));
    }

    // Spark: countByWindow is map(_ => 1L).reduceByWindow(_ + _, _ - _, window, slide)
    @Test
    void shouldGiveNoCountBeforeTheFirstRecordAndZeroOnceTheWindowIsEmptyAgain() {
        QueueStream<String> words = kit.queueStream();
        CollectedBatches<Long> counts =
                kit.collect(words.stream().countByWindow(BATCH.multipliedBy(2), BATCH));
        kit.start();

        words.addBatch();
        words.addBatch();
        words.addBatch("a");
        kit.advanceBatches(6);

        assertThat(counts.all().values())
                .containsExactly(
                        List.of(), List.of(), List.of(1L), List.of(1L), List.of(0L), List.of(0L));
    }

    // Spark: reduceByWindow(f, w, s) is reduce(f).window(w, s).reduce(f), and with an inverse
    // map(1 -> _).reduceByKeyAndWindow(f, fInverse, w, s, 1).map(_._2), whose key stays
    @Test
    void shouldGiveTheInverseReducedValueForAnEmptyWindowOnlyWhenReducingWithInverse() {
        QueueStream<Integer> numbers = kit.queueStream();
        Duration length = BATCH.multipliedBy(3);
        Duration slide = BATCH.multipliedBy(1);
        CollectedBatches<Integer> plain =
                kit.collect(numbers.stream().reduceByWindow(Integer::sum, length, slide));
        CollectedBatches<Integer> incremental =
                kit.collect(
                        numbers.stream()
                                .reduceByWindow(Integer::sum, (a, b) -> a - b, length, slide));
        kit.start();

        numbers.addBatch();
        numbers.addBatch(1, 2);
        numbers.addBatch(10);
        numbers.addBatch();
        numbers.addBatch(100);
        kit.advanceBatches(9);

        assertThat(plain.all().values())
                .containsExactly(
                        List.of(),
                        List.of(3),
                        List.of(13),
                        List.of(13),
                        List.of(110),
                        List.of(100),
                        List.of(100),
                        List.of(),
                        List.of());
        assertThat(incremental.all().values())
                .containsExactly(
                        List.of(),
                        List.of(3),
                        List.of(13),
                        List.of(13),
                        List.of(110),
                        List.of(100),
                        List.of(100),
                        List.of(0),
                        List.of(0));
    }

    private static <K, V> Map<K, V> asMap(List<KeyValue<K, V>> records) {
        Map<K, V> map = new HashMap<>();
        records.forEach(record -> assertThat(map.put(record.key(), record.value())).isNull());
        return map;
    }
}
