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
import org.junit.jupiter.api.Test;

/** Joins of windows: each window's contents joined per batch of the windowed streams, as Spark. */
class WindowedJoinTest {

    private static final Duration BATCH = Duration.ofSeconds(1);

    private final StreamingTestKit kit = StreamingTestKit.withBatchInterval(BATCH);
    private final QueueStream<KeyValue<String, Integer>> lefts = kit.queueStream();
    private final QueueStream<KeyValue<String, String>> rights = kit.queueStream();
    private final PairDStream<String, Integer> left = lefts.stream().mapToPair(record -> record);
    private final PairDStream<String, String> right = rights.stream().mapToPair(record -> record);

    @Test
    void shouldJoinRecordsOfNeighbouringBatchesWhenBothSidesAreWindowedOverTwoBatches() {
        PairDStream<String, Integer> leftWindows = left.window(batches(2), BATCH);
        PairDStream<String, String> rightWindows = right.window(batches(2), BATCH);
        CollectedBatches<KeyValue<String, Joined<Integer, String>>> inner =
                kit.collect(leftWindows.join(rightWindows));
        CollectedBatches<KeyValue<String, Joined<Optional<Integer>, Optional<String>>>> full =
                kit.collect(leftWindows.fullOuterJoin(rightWindows));
        kit.start();

        lefts.addBatch(KeyValue.of("a", 1));
        rights.addBatch();
        lefts.addBatch();
        rights.addBatch(KeyValue.of("a", "x"));
        lefts.addBatch(KeyValue.of("b", 2));
        kit.advanceBatches(5);

        assertThat(inner.all())
                .containsExactly(
                        Map.entry(kit.batchTime(1), List.of()),
                        Map.entry(
                                kit.batchTime(2), List.of(KeyValue.of("a", new Joined<>(1, "x")))),
                        Map.entry(kit.batchTime(3), List.of()),
                        Map.entry(kit.batchTime(4), List.of()),
                        Map.entry(kit.batchTime(5), List.of()));
        assertThat(full.all())
                .containsExactly(
                        Map.entry(kit.batchTime(1), List.of(leftOnly("a", 1))),
                        Map.entry(
                                kit.batchTime(2),
                                List.of(
                                        KeyValue.of(
                                                "a",
                                                new Joined<>(Optional.of(1), Optional.of("x"))))),
                        Map.entry(kit.batchTime(3), List.of(leftOnly("b", 2), rightOnly("a", "x"))),
                        Map.entry(kit.batchTime(4), List.of(leftOnly("b", 2))),
                        Map.entry(kit.batchTime(5), List.of()));
    }

    @Test
    void shouldJoinWindowsOfDifferentLengthsAtEachSlideWhenTheySlideAlike() {
        CollectedBatches<KeyValue<String, Joined<Integer, String>>> joined =
                kit.collect(
                        left.window(batches(4), batches(2))
                                .join(right.window(batches(2), batches(2))));
        kit.start();

        for (int batch = 1; batch <= 4; batch++) {
            lefts.addBatch(KeyValue.of("k", batch));
            rights.addBatch(KeyValue.of("k", "r" + batch));
        }
        kit.advanceBatches(4);

        assertThat(joined.times()).containsExactly(kit.batchTime(2), kit.batchTime(4));
        assertThat(joined.at(kit.batchTime(2)))
                .extracting(KeyValue::value)
                .containsExactly(
                        new Joined<>(1, "r1"),
                        new Joined<>(1, "r2"),
                        new Joined<>(2, "r1"),
                        new Joined<>(2, "r2"));
        assertThat(joined.at(kit.batchTime(4)))
                .extracting(KeyValue::value)
                .containsExactly(
                        new Joined<>(1, "r3"),
                        new Joined<>(1, "r4"),
                        new Joined<>(2, "r3"),
                        new Joined<>(2, "r4"),
                        new Joined<>(3, "r3"),
                        new Joined<>(3, "r4"),
                        new Joined<>(4, "r3"),
                        new Joined<>(4, "r4"));
    }

    @Test
    void shouldCogroupAWindowWithEachBatchWhenTheWindowSlidesByTheBatchInterval() {
        CollectedBatches<KeyValue<String, Cogrouped<Integer, String>>> cogrouped =
                kit.collect(left.window(batches(3)).cogroup(right));
        kit.start();

        lefts.addBatch(KeyValue.of("a", 1));
        rights.addBatch();
        lefts.addBatch(KeyValue.of("a", 2));
        rights.addBatch(KeyValue.of("a", "x"), KeyValue.of("b", "y"));
        kit.advanceBatches(2);

        assertThat(cogrouped.at(kit.batchTime(2)))
                .containsExactly(
                        KeyValue.of("a", new Cogrouped<>(List.of(1, 2), List.of("x"))),
                        KeyValue.of("b", new Cogrouped<>(List.of(), List.of("y"))));
    }

    @Test
    void shouldRefuseEveryJoinWhenTheStreamsSlideDifferently() {
        PairDStream<String, Integer> everyTwo = left.window(batches(2), batches(2));

        for (Runnable join :
                List.<Runnable>of(
                        () -> everyTwo.join(right),
                        () -> everyTwo.leftOuterJoin(right),
                        () -> everyTwo.rightOuterJoin(right),
                        () -> everyTwo.fullOuterJoin(right),
                        () -> everyTwo.cogroup(right))) {
            assertThatThrownBy(join::run)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("cannot combine streams that slide differently: PT2S and PT1S");
        }
    }

    private static Duration batches(int count) {
        return BATCH.multipliedBy(count);
    }

    private static KeyValue<String, Joined<Optional<Integer>, Optional<String>>> leftOnly(
            String key, int value) {
        return KeyValue.of(key, new Joined<>(Optional.of(value), Optional.empty()));
    }

    private static KeyValue<String, Joined<Optional<Integer>, Optional<String>>> rightOnly(
            String key, String value) {
        return KeyValue.of(key, new Joined<>(Optional.empty(), Optional.of(value)));
    }
}
