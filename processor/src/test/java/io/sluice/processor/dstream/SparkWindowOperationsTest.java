package io.sluice.processor.dstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.processor.testkit.CollectedBatches;
import io.sluice.processor.testkit.PairQueueStream;
import io.sluice.processor.testkit.QueueStream;
import io.sluice.processor.testkit.StreamingTestKit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The window operations give Spark Streaming's outputs batch by batch: each test's input and
 * expected output are those of the test of Spark's {@code WindowOperationsSuite} it names (batch
 * interval 1 s, window 2 s and slide 1 s unless it says otherwise; Spark compares each batch as a
 * set, so these compare each batch's keys and values, not their order).
 */
class SparkWindowOperationsTest {

    private static final Duration BATCH = Duration.ofSeconds(1);
    private static final Duration TWO = BATCH.multipliedBy(2);

    /** WindowOperationsSuite's {@code bigInput}. */
    private static final List<List<KeyValue<String, Integer>>> BIG_INPUT =
            List.of(
                    ones("a"),
                    ones("a", "b"),
                    ones("a", "b", "c"),
                    ones("a", "b"),
                    ones("a"),
                    ones(),
                    ones("a"),
                    ones("a", "b"),
                    ones("a", "b", "c"),
                    ones("a", "b"),
                    ones("a"),
                    ones());

    /** WindowOperationsSuite's {@code bigReduceOutput}: no key without a record in the window. */
    private static final List<Map<String, Integer>> BIG_REDUCE_OUTPUT =
            List.of(
                    Map.of("a", 1),
                    Map.of("a", 2, "b", 1),
                    Map.of("a", 2, "b", 2, "c", 1),
                    Map.of("a", 2, "b", 2, "c", 1),
                    Map.of("a", 2, "b", 1),
                    Map.of("a", 1),
                    Map.of("a", 1),
                    Map.of("a", 2, "b", 1),
                    Map.of("a", 2, "b", 2, "c", 1),
                    Map.of("a", 2, "b", 2, "c", 1),
                    Map.of("a", 2, "b", 1),
                    Map.of("a", 1));

    /** WindowOperationsSuite's {@code bigReduceInvOutput}: keys stay, at 0, once seen. */
    private static final List<Map<String, Integer>> BIG_REDUCE_INV_OUTPUT =
            List.of(
                    Map.of("a", 1),
                    Map.of("a", 2, "b", 1),
                    Map.of("a", 2, "b", 2, "c", 1),
                    Map.of("a", 2, "b", 2, "c", 1),
                    Map.of("a", 2, "b", 1, "c", 0),
                    Map.of("a", 1, "b", 0, "c", 0),
                    Map.of("a", 1, "b", 0, "c", 0),
                    Map.of("a", 2, "b", 1, "c", 0),
                    Map.of("a", 2, "b", 2, "c", 1),
                    Map.of("a", 2, "b", 2, "c", 1),
                    Map.of("a", 2, "b", 1, "c", 0),
                    Map.of("a", 1, "b", 0, "c", 0));

    /** WindowOperationsSuite's {@code largerSlideInput}, for a window of 4 s sliding by 2 s. */
    private static final List<List<KeyValue<String, Integer>>> LARGER_SLIDE_INPUT =
            List.of(
                    List.of(KeyValue.of("a", 1)),
                    List.of(KeyValue.of("a", 2)),
                    List.of(KeyValue.of("a", 3)),
                    List.of(KeyValue.of("a", 4)),
                    List.of(KeyValue.of("a", 5)),
                    List.of(KeyValue.of("a", 6)),
                    List.of(),
                    List.of());

    private static final List<Map<String, Integer>> LARGER_SLIDE_REDUCE_OUTPUT =
            List.of(Map.of("a", 3), Map.of("a", 10), Map.of("a", 18), Map.of("a", 11));

    private final StreamingTestKit kit = StreamingTestKit.withBatchInterval(BATCH);

    // "window - basic window", "tumbling window", "larger window", "non-overlapping window"
    @Test
    void shouldGiveSparksWindowsWhenLengthAndSlideVary() {
        List<List<Integer>> input =
                List.of(List.of(0), List.of(1), List.of(2), List.of(3), List.of(4), List.of(5));

        assertThat(runWindow(input, TWO, BATCH, 6))
                .containsExactly(
                        List.of(0),
                        List.of(0, 1),
                        List.of(1, 2),
                        List.of(2, 3),
                        List.of(3, 4),
                        List.of(4, 5));
        assertThat(runWindow(input, TWO, TWO, 6))
                .containsExactly(List.of(0, 1), List.of(2, 3), List.of(4, 5));
        assertThat(runWindow(input, BATCH.multipliedBy(4), TWO, 8))
                .containsExactly(
                        List.of(0, 1), List.of(0, 1, 2, 3), List.of(2, 3, 4, 5), List.of(4, 5));
        assertThat(runWindow(input, TWO, BATCH.multipliedBy(3), 6))
                .containsExactly(List.of(1, 2), List.of(4, 5));
    }

    // "reduceByKeyAndWindow - big test", and "- key removed from window"
    @Test
    void shouldDropKeysWithNoRecordInTheWindowWhenReducingWithoutInverse() {
        assertThat(
                        runPairs(
                                BIG_INPUT,
                                pairs -> pairs.reduceByKeyAndWindow(Integer::sum, TWO, BATCH)))
                .containsExactlyElementsOf(BIG_REDUCE_OUTPUT);
        assertThat(
                        runPairs(
                                keyRemovedInput(),
                                pairs -> pairs.reduceByKeyAndWindow(Integer::sum, TWO)))
                .containsExactly(Map.of("a", 1), Map.of("a", 2), Map.of("a", 1), Map.of());
    }

    // "reduceByKeyAndWindow with inverse function - big test"
    @Test
    void shouldKeepKeysAtZeroOnceTheirRecordsLeftWhenReducingWithInverse() {
        List<Map<String, Integer>> output =
                runPairs(
                        BIG_INPUT,
                        pairs ->
                                pairs.reduceByKeyAndWindow(
                                        Integer::sum, (a, b) -> a - b, TWO, BATCH));

        assertThat(output).containsExactlyElementsOf(BIG_REDUCE_INV_OUTPUT);
    }

    // "reduceByKeyAndWindow with inverse function - key removed from window"
    @Test
    void shouldGiveTheInverseReducedValueWhenTheWindowHasNoRecordOfAKey() {
        List<Map<String, Integer>> output =
                runPairs(
                        keyRemovedInput(),
                        pairs ->
                                pairs.reduceByKeyAndWindow(
                                        Integer::sum, (a, b) -> a - b, TWO, BATCH));

        assertThat(output)
                .containsExactly(Map.of("a", 1), Map.of("a", 2), Map.of("a", 1), Map.of("a", 0));
    }

    // "reduceByKeyAndWindow with inverse and filter functions - big test"
    @Test
    void shouldDropKeysTheFilterRefusesWhenReducingWithInverseAndFilter() {
        List<Map<String, Integer>> output =
                runPairs(
                        BIG_INPUT,
                        pairs ->
                                pairs.reduceByKeyAndWindow(
                                        Integer::sum,
                                        (a, b) -> a - b,
                                        TWO,
                                        BATCH,
                                        2,
                                        count -> count.value() != 0));

        assertThat(output).containsExactlyElementsOf(BIG_REDUCE_OUTPUT);
    }

    // "reduceByKeyAndWindow - larger slide time", with and without inverse
    @Test
    void shouldReduceWindowsOfFourBatchesSlidingByTwoWithAndWithoutInverse() {
        Duration four = BATCH.multipliedBy(4);

        assertThat(
                        runPairs(
                                LARGER_SLIDE_INPUT,
                                pairs -> pairs.reduceByKeyAndWindow(Integer::sum, four, TWO)))
                .containsExactlyElementsOf(LARGER_SLIDE_REDUCE_OUTPUT);
        assertThat(
                        runPairs(
                                LARGER_SLIDE_INPUT,
                                pairs ->
                                        pairs.reduceByKeyAndWindow(
                                                Integer::sum, (a, b) -> a - b, four, TWO)))
                .containsExactlyElementsOf(LARGER_SLIDE_REDUCE_OUTPUT);
    }

    // Not in Spark: the option that drops keys by record count gives bigReduceOutput unfiltered
    @Test
    void shouldEqualTheReductionWithoutInverseWhenEmptyKeysAreDropped() {
        List<Map<String, Integer>> output =
                runPairs(
                        BIG_INPUT,
                        pairs ->
                                pairs.reduceByKeyAndWindow(
                                        Integer::sum,
                                        (a, b) -> a - b,
                                        TWO,
                                        BATCH,
                                        EmptyWindowKeys.DROP));

        assertThat(output).containsExactlyElementsOf(BIG_REDUCE_OUTPUT);
    }

    // Spark's merge: a key the filter took out starts again from the batches that enter only
    @Test
    void shouldStartAKeyFromTheEnteringBatchesWhenTheFilterHadRefusedIt() {
        List<List<KeyValue<String, Integer>>> input =
                List.of(
                        List.of(KeyValue.of("a", 2)),
                        List.of(KeyValue.of("a", 1)),
                        List.of(),
                        List.of(),
                        List.of());

        List<Map<String, Integer>> output =
                runPairs(
                        input,
                        pairs ->
                                pairs.reduceByKeyAndWindow(
                                        Integer::sum,
                                        (a, b) -> a - b,
                                        BATCH.multipliedBy(3),
                                        BATCH,
                                        1,
                                        sum -> sum.value() != 2));

        assertThat(output)
                .containsExactly(
                        Map.of(), Map.of("a", 1), Map.of("a", 1), Map.of("a", -1), Map.of("a", -2));
    }

    // Where Spark fails the batch ("Neither previous window has value for key, nor new values
    // found"), a key the filter took out while its records were in the window stays out
    @Test
    void shouldLeaveAKeyOutUntilARecordOfItEntersWhenTheFilterRefusedItWithRecordsInTheWindow() {
        List<List<KeyValue<String, Integer>>> input =
                List.of(
                        List.of(KeyValue.of("a", 1), KeyValue.of("a", 1)),
                        List.of(),
                        List.of(),
                        List.of(KeyValue.of("a", 5)),
                        List.of(),
                        List.of());

        List<Map<String, Integer>> output =
                runPairs(
                        input,
                        pairs ->
                                pairs.reduceByKeyAndWindow(
                                        Integer::sum,
                                        (a, b) -> a - b,
                                        TWO,
                                        BATCH,
                                        1,
                                        sum -> sum.value() != 2));

        assertThat(output)
                .containsExactly(
                        Map.of(),
                        Map.of(),
                        Map.of(),
                        Map.of("a", 5),
                        Map.of("a", 5),
                        Map.of("a", 0));
    }

    // "groupByKeyAndWindow": bigGroupByOutput
    @Test
    void shouldGroupEachKeysValuesOfTheWindowWhenGroupingByKeyAndWindow() {
        List<Map<String, List<Integer>>> expected =
                List.of(
                        Map.of("a", List.of(1)),
                        Map.of("a", List.of(1, 1), "b", List.of(1)),
                        Map.of("a", List.of(1, 1), "b", List.of(1, 1), "c", List.of(1)),
                        Map.of("a", List.of(1, 1), "b", List.of(1, 1), "c", List.of(1)),
                        Map.of("a", List.of(1, 1), "b", List.of(1)),
                        Map.of("a", List.of(1)),
                        Map.of("a", List.of(1)),
                        Map.of("a", List.of(1, 1), "b", List.of(1)),
                        Map.of("a", List.of(1, 1), "b", List.of(1, 1), "c", List.of(1)),
                        Map.of("a", List.of(1, 1), "b", List.of(1, 1), "c", List.of(1)),
                        Map.of("a", List.of(1, 1), "b", List.of(1)),
                        Map.of("a", List.of(1)));

        assertThat(runPairs(BIG_INPUT, pairs -> pairs.groupByKeyAndWindow(TWO, BATCH)))
                .containsExactlyElementsOf(expected);
        assertThat(runPairs(BIG_INPUT, pairs -> pairs.groupByKeyAndWindow(TWO)))
                .containsExactlyElementsOf(expected);
    }

    // "countByWindow"
    @Test
    void shouldCountRecordsPerWindowAsSparkDoes() {
        QueueStream<Integer> numbers = kit.queueStream();
        CollectedBatches<Long> counts = kit.collect(numbers.stream().countByWindow(TWO, BATCH));
        kit.start();

        numbers.addBatch(1);
        numbers.addBatch(1);
        numbers.addBatch(1, 2);
        numbers.addBatch(0);
        numbers.addBatch();
        numbers.addBatch();
        kit.advanceBatches(6);

        assertThat(counts.all().values())
                .containsExactly(
                        List.of(1L),
                        List.of(2L),
                        List.of(3L),
                        List.of(3L),
                        List.of(1L),
                        List.of(0L));
    }

    // "countByValueAndWindow"
    @Test
    void shouldCountEachValuePerWindowAsSparkDoes() {
        QueueStream<String> words = kit.queueStream();
        CollectedBatches<KeyValue<String, Long>> counts =
                kit.collect(words.stream().countByValueAndWindow(TWO, BATCH));
        kit.start();

        words.addBatch("a");
        words.addBatch("b", "b");
        words.addBatch("a", "b");
        kit.advanceBatches(3);

        assertThat(asMaps(counts))
                .containsExactly(
                        Map.of("a", 1L), Map.of("a", 1L, "b", 2L), Map.of("a", 1L, "b", 3L));
    }

    private List<List<Integer>> runWindow(
            List<List<Integer>> input, Duration length, Duration slide, int batches) {
        StreamingTestKit fresh = StreamingTestKit.withBatchInterval(BATCH);
        QueueStream<Integer> numbers = fresh.queueStream();
        CollectedBatches<Integer> windows = fresh.collect(numbers.stream().window(length, slide));
        fresh.start();
        input.forEach(numbers::add);
        fresh.advanceBatches(batches);
        return new ArrayList<>(windows.all().values());
    }

    /** Runs the input through {@code operation} until the expected number of windows came. */
    private <R> List<Map<String, R>> runPairs(
            List<List<KeyValue<String, Integer>>> input,
            Function<PairDStream<String, Integer>, PairDStream<String, R>> operation) {
        StreamingTestKit fresh = StreamingTestKit.withBatchInterval(BATCH);
        PairQueueStream<String, Integer> pairs = fresh.pairQueueStream();
        CollectedBatches<KeyValue<String, R>> output =
                fresh.collect(operation.apply(pairs.stream()));
        fresh.start();
        input.forEach(pairs::add);
        fresh.advanceBatches(input.size());
        return asMaps(output);
    }

    private static List<List<KeyValue<String, Integer>>> keyRemovedInput() {
        return List.of(ones("a"), ones("a"), ones(), ones());
    }

    private static List<KeyValue<String, Integer>> ones(String... keys) {
        List<KeyValue<String, Integer>> batch = new ArrayList<>();
        for (String key : keys) {
            batch.add(KeyValue.of(key, 1));
        }
        return batch;
    }

    /** Each batch as a map, refusing a key twice in a batch. */
    static <K, V> List<Map<K, V>> asMaps(CollectedBatches<KeyValue<K, V>> batches) {
        List<Map<K, V>> maps = new ArrayList<>();
        for (List<KeyValue<K, V>> batch : batches.all().values()) {
            Map<K, V> map = new LinkedHashMap<>();
            batch.forEach(
                    record ->
                            assertThat(map.put(record.key(), record.value()))
                                    .as("key %s twice", record.key())
                                    .isNull());
            maps.add(map);
        }
        return maps;
    }
}
