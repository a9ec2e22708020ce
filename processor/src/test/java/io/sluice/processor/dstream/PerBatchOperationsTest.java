package io.sluice.processor.dstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.processor.testkit.CollectedBatches;
import io.sluice.processor.testkit.QueueStream;
import io.sluice.processor.testkit.StreamingTestKit;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

class PerBatchOperationsTest {

    private static final Comparator<KeyValue<String, Long>> MOST_FREQUENT =
            Comparator.comparing((KeyValue<String, Long> count) -> count.value())
                    .reversed()
                    .thenComparing(KeyValue::key);

    private final StreamingTestKit kit = StreamingTestKit.withBatchInterval(Duration.ofSeconds(1));

    @Test
    void shouldMapFlatMapAndFilterEachRecordInOrder() {
        QueueStream<String> lines = kit.queueStream();
        CollectedBatches<Integer> lengths =
                kit.collect(
                        lines.stream()
                                .flatMap(line -> Arrays.asList(line.split(" ")))
                                .filter(word -> !word.equals("the"))
                                .map(String::length));
        kit.start();

        lines.addBatch("the quick fox", "jumps");
        kit.advanceBatches(1);

        assertThat(lengths.at(kit.batchTime(1))).containsExactly(5, 3, 5);
    }

    @Test
    void shouldReduceAndGroupByKeyInOrderOfFirstRecord() {
        QueueStream<String> words = kit.queueStream();
        PairDStream<Character, String> byInitial =
                words.stream().mapToPair(word -> KeyValue.of(word.charAt(0), word));
        CollectedBatches<KeyValue<Character, String>> joinedWords =
                kit.collect(byInitial.reduceByKey((a, b) -> a + "+" + b));
        CollectedBatches<KeyValue<Character, List<String>>> groups =
                kit.collect(byInitial.groupByKey());
        kit.start();

        words.addBatch("bee", "ant", "bat", "axe", "cow");
        kit.advanceBatches(1);

        assertThat(joinedWords.at(kit.batchTime(1)))
                .containsExactly(
                        KeyValue.of('b', "bee+bat"),
                        KeyValue.of('a', "ant+axe"),
                        KeyValue.of('c', "cow"));
        assertThat(groups.at(kit.batchTime(1)))
                .containsExactly(
                        KeyValue.of('b', List.of("bee", "bat")),
                        KeyValue.of('a', List.of("ant", "axe")),
                        KeyValue.of('c', List.of("cow")));
    }

    @Test
    void shouldUnionAndJoinRecordsOfTheSameBatchOnly() {
        QueueStream<KeyValue<String, Integer>> orders = kit.queueStream();
        QueueStream<KeyValue<String, String>> customers = kit.queueStream();
        PairDStream<String, Integer> orderStream = orders.stream().mapToPair(order -> order);
        PairDStream<String, String> customerStream =
                customers.stream().mapToPair(customer -> customer);
        CollectedBatches<KeyValue<String, Joined<Integer, String>>> joined =
                kit.collect(orderStream.join(customerStream));
        CollectedBatches<KeyValue<String, Integer>> both =
                kit.collect(orderStream.union(orderStream.mapValues(amount -> -amount)));
        kit.start();

        orders.addBatch(KeyValue.of("c1", 10), KeyValue.of("c2", 20), KeyValue.of("c1", 30));
        customers.addBatch(KeyValue.of("c1", "Ann"), KeyValue.of("c3", "Cy"));
        orders.addBatch(KeyValue.of("c3", 40));
        customers.addBatch();
        kit.advanceBatches(2);

        assertThat(joined.at(kit.batchTime(1)))
                .containsExactly(
                        KeyValue.of("c1", new Joined<>(10, "Ann")),
                        KeyValue.of("c1", new Joined<>(30, "Ann")));
        assertThat(joined.at(kit.batchTime(2))).isEmpty();
        assertThat(both.at(kit.batchTime(2)))
                .containsExactly(KeyValue.of("c3", 40), KeyValue.of("c3", -40));
    }

    @Test
    void shouldSortEachBatchWhenTransformSortsIt() {
        QueueStream<String> words = kit.queueStream();
        CollectedBatches<KeyValue<String, Long>> topWords =
                kit.collect(
                        words.stream()
                                .countByValue()
                                .transformToPair(
                                        counts -> counts.stream().sorted(MOST_FREQUENT).toList()));
        kit.start();

        words.addBatch("b", "a", "c", "a", "c", "c", "d");
        kit.advanceBatches(1);

        assertThat(topWords.at(kit.batchTime(1)))
                .containsExactly(
                        KeyValue.of("c", 3L),
                        KeyValue.of("a", 2L),
                        KeyValue.of("b", 1L),
                        KeyValue.of("d", 1L));
    }

    @Test
    void shouldCountEveryBatchIncludingEmptyOnes() {
        QueueStream<String> words = kit.queueStream();
        CollectedBatches<Long> counts = kit.collect(words.stream().count());
        kit.start();

        words.addBatch("a", "b");
        kit.advanceBatches(2);

        assertThat(counts.all().values()).containsExactly(List.of(2L), List.of(0L));
    }

    @Test
    void shouldPrintTheFirstRecordsOfEachBatchUnderItsTime() {
        QueueStream<Integer> numbers = kit.queueStream();
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        numbers.stream().print(2, new PrintStream(printed, true, StandardCharsets.UTF_8));
        kit.start();

        numbers.addBatch(1, 2, 3);
        numbers.addBatch(4);
        kit.advanceBatches(2);

        assertThat(printed.toString(StandardCharsets.UTF_8))
                .isEqualTo(
                        String.join(
                                "\n",
                                "-------------------------------------------",
                                "Time: 1000 ms",
                                "-------------------------------------------",
                                "1",
                                "2",
                                "...",
                                "",
                                "-------------------------------------------",
                                "Time: 2000 ms",
                                "-------------------------------------------",
                                "4",
                                "",
                                ""));
    }

    @Test
    void shouldComputeASharedStreamOncePerBatchWhenTwoOutputsReadIt() {
        QueueStream<Integer> numbers = kit.queueStream();
        int[] calls = {0};
        DStream<Integer> counted =
                numbers.stream()
                        .map(
                                x -> {
                                    calls[0]++;
                                    return x;
                                });
        kit.collect(counted);
        kit.collect(counted.filter(x -> x > 1));
        kit.start();

        numbers.addBatch(1, 2);
        kit.advanceBatches(1);

        assertThat(calls[0]).isEqualTo(2);
    }

    @Test
    void shouldRefuseUnionWhenStreamsSlideDifferently() {
        QueueStream<Integer> numbers = kit.queueStream();
        DStream<Integer> windowed =
                numbers.stream().window(Duration.ofSeconds(2), Duration.ofSeconds(2));

        assertThatThrownBy(() -> numbers.stream().union(windowed))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot combine streams that slide differently: PT1S and PT2S");
    }
}
