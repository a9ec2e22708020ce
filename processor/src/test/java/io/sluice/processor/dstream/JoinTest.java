package io.sluice.processor.dstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.processor.testkit.CollectedBatches;
import io.sluice.processor.testkit.QueueStream;
import io.sluice.processor.testkit.StreamingTestKit;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The join family over one batch of each stream: which pairs, and in which order. */
class JoinTest {

    private final StreamingTestKit kit = StreamingTestKit.withBatchInterval(Duration.ofSeconds(1));
    private final QueueStream<KeyValue<String, Integer>> lefts = kit.queueStream();
    private final QueueStream<KeyValue<String, String>> rights = kit.queueStream();
    private final PairDStream<String, Integer> left = lefts.stream().mapToPair(record -> record);
    private final PairDStream<String, String> right = rights.stream().mapToPair(record -> record);

    private CollectedBatches<KeyValue<String, Joined<Integer, String>>> inner;
    private CollectedBatches<KeyValue<String, Joined<Integer, Optional<String>>>> leftOuter;
    private CollectedBatches<KeyValue<String, Joined<Optional<Integer>, String>>> rightOuter;
    private CollectedBatches<KeyValue<String, Joined<Optional<Integer>, Optional<String>>>>
            fullOuter;
    private CollectedBatches<KeyValue<String, Cogrouped<Integer, String>>> cogrouped;

    @BeforeEach
    void collectEveryKind() {
        inner = kit.collect(left.join(right));
        leftOuter = kit.collect(left.leftOuterJoin(right));
        rightOuter = kit.collect(left.rightOuterJoin(right));
        fullOuter = kit.collect(left.fullOuterJoin(right));
        cogrouped = kit.collect(left.cogroup(right));
        kit.start();
    }

    /** Key a on both sides (2 left, 3 right records), b only left, c and d only right. */
    private void addOneBatchOfSharedAndOneSidedKeys() {
        lefts.addBatch(KeyValue.of("a", 1), KeyValue.of("b", 2), KeyValue.of("a", 3));
        rights.addBatch(
                KeyValue.of("c", "w"),
                KeyValue.of("a", "x"),
                KeyValue.of("a", "y"),
                KeyValue.of("d", "v"),
                KeyValue.of("a", "z"),
                KeyValue.of("c", "u"));
        kit.advanceBatches(1);
    }

    @Test
    void shouldPairEveryLeftRecordWithEveryRightRecordOfItsKeyWhenJoining() {
        addOneBatchOfSharedAndOneSidedKeys();

        assertThat(inner.at(kit.batchTime(1)))
                .containsExactly(
                        KeyValue.of("a", new Joined<>(1, "x")),
                        KeyValue.of("a", new Joined<>(1, "y")),
                        KeyValue.of("a", new Joined<>(1, "z")),
                        KeyValue.of("a", new Joined<>(3, "x")),
                        KeyValue.of("a", new Joined<>(3, "y")),
                        KeyValue.of("a", new Joined<>(3, "z")));
    }

    @Test
    void shouldKeepLeftRecordsInPlaceWithAnEmptyRightWhenLeftOuterJoining() {
        addOneBatchOfSharedAndOneSidedKeys();

        assertThat(leftOuter.at(kit.batchTime(1)))
                .containsExactly(
                        KeyValue.of("a", new Joined<>(1, Optional.of("x"))),
                        KeyValue.of("a", new Joined<>(1, Optional.of("y"))),
                        KeyValue.of("a", new Joined<>(1, Optional.of("z"))),
                        KeyValue.of("b", new Joined<>(2, Optional.empty())),
                        KeyValue.of("a", new Joined<>(3, Optional.of("x"))),
                        KeyValue.of("a", new Joined<>(3, Optional.of("y"))),
                        KeyValue.of("a", new Joined<>(3, Optional.of("z"))));
    }

    @Test
    void shouldAppendRightOnlyRecordsInTheirOrderWhenRightOuterJoining() {
        addOneBatchOfSharedAndOneSidedKeys();

        assertThat(rightOuter.at(kit.batchTime(1)))
                .containsExactly(
                        KeyValue.of("a", new Joined<>(Optional.of(1), "x")),
                        KeyValue.of("a", new Joined<>(Optional.of(1), "y")),
                        KeyValue.of("a", new Joined<>(Optional.of(1), "z")),
                        KeyValue.of("a", new Joined<>(Optional.of(3), "x")),
                        KeyValue.of("a", new Joined<>(Optional.of(3), "y")),
                        KeyValue.of("a", new Joined<>(Optional.of(3), "z")),
                        KeyValue.of("c", new Joined<>(Optional.empty(), "w")),
                        KeyValue.of("d", new Joined<>(Optional.empty(), "v")),
                        KeyValue.of("c", new Joined<>(Optional.empty(), "u")));
    }

    @Test
    void shouldKeepUnmatchedRecordsOfBothSidesWhenFullOuterJoining() {
        addOneBatchOfSharedAndOneSidedKeys();

        assertThat(fullOuter.at(kit.batchTime(1)))
                .containsExactly(
                        KeyValue.of("a", new Joined<>(Optional.of(1), Optional.of("x"))),
                        KeyValue.of("a", new Joined<>(Optional.of(1), Optional.of("y"))),
                        KeyValue.of("a", new Joined<>(Optional.of(1), Optional.of("z"))),
                        KeyValue.of("b", new Joined<>(Optional.of(2), Optional.empty())),
                        KeyValue.of("a", new Joined<>(Optional.of(3), Optional.of("x"))),
                        KeyValue.of("a", new Joined<>(Optional.of(3), Optional.of("y"))),
                        KeyValue.of("a", new Joined<>(Optional.of(3), Optional.of("z"))),
                        KeyValue.of("c", new Joined<>(Optional.empty(), Optional.of("w"))),
                        KeyValue.of("d", new Joined<>(Optional.empty(), Optional.of("v"))),
                        KeyValue.of("c", new Joined<>(Optional.empty(), Optional.of("u"))));
    }

    @Test
    void shouldGroupBothSidesValuesPerKeyInOrderOfFirstRecordWhenCogrouping() {
        addOneBatchOfSharedAndOneSidedKeys();

        assertThat(cogrouped.at(kit.batchTime(1)))
                .containsExactly(
                        KeyValue.of("a", new Cogrouped<>(List.of(1, 3), List.of("x", "y", "z"))),
                        KeyValue.of("b", new Cogrouped<>(List.of(2), List.of())),
                        KeyValue.of("c", new Cogrouped<>(List.of(), List.of("w", "u"))),
                        KeyValue.of("d", new Cogrouped<>(List.of(), List.of("v"))));
    }

    @Test
    void shouldJoinOnlyRecordsOfTheSameBatchWhenEachSideHasRecordsInAnotherBatch() {
        lefts.addBatch(KeyValue.of("a", 1));
        rights.addBatch();
        lefts.addBatch();
        rights.addBatch(KeyValue.of("a", "x"));

        kit.advanceBatches(3);

        assertThat(inner.all().values()).containsExactly(List.of(), List.of(), List.of());
        assertThat(leftOuter.all().values())
                .containsExactly(
                        List.of(KeyValue.of("a", new Joined<>(1, Optional.empty()))),
                        List.of(),
                        List.of());
        assertThat(rightOuter.all().values())
                .containsExactly(
                        List.of(),
                        List.of(KeyValue.of("a", new Joined<>(Optional.empty(), "x"))),
                        List.of());
        assertThat(fullOuter.all().values())
                .containsExactly(
                        List.of(KeyValue.of("a", new Joined<>(Optional.of(1), Optional.empty()))),
                        List.of(KeyValue.of("a", new Joined<>(Optional.empty(), Optional.of("x")))),
                        List.of());
        assertThat(cogrouped.all().values())
                .containsExactly(
                        List.of(KeyValue.of("a", new Cogrouped<>(List.of(1), List.of()))),
                        List.of(KeyValue.of("a", new Cogrouped<>(List.of(), List.of("x")))),
                        List.of());
    }
}
