package io.sluice.processor.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.processor.dstream.KeyValue;
import java.time.Duration;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

class StreamingTestKitTest {

    private final StreamingTestKit kit = StreamingTestKit.withBatchInterval(Duration.ofMillis(500));

    @Test
    void shouldGiveEachBatchTheNextQueuedListAndEmptyOnesOnceTheQueueIsEmpty() {
        QueueStream<String> queue = kit.queueStream();
        CollectedBatches<String> out = kit.collect(queue.stream());
        kit.start();
        queue.addBatch("a", "b");
        queue.add(List.of("c"));

        assertThat(kit.advanceBatches(3))
                .containsExactly(kit.batchTime(1), kit.batchTime(2), kit.batchTime(3));

        assertThat(out.all().values()).containsExactly(List.of("a", "b"), List.of("c"), List.of());
        assertThat(queue.pending()).isZero();
    }

    @Test
    void shouldNameTheCollectedTimesWhenAskedForABatchThatDidNotRun() {
        QueueStream<String> queue = kit.queueStream();
        CollectedBatches<String> out = kit.collect(queue.stream());
        kit.start();

        kit.advanceBatches(1);

        assertThatThrownBy(() -> out.at(kit.batchTime(2)))
                .isInstanceOf(NoSuchElementException.class)
                .hasMessage("no batch at 1000 ms; batches at [500 ms]");
    }

    @Test
    void shouldRefuseToMoveTheClockBack() {
        assertThatThrownBy(() -> kit.clock().advance(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the clock only moves forward; got PT-0.001S");
    }

    @Test
    void shouldGiveAKeyedStreamWhenQueueingPairs() {
        PairQueueStream<String, Integer> queue = kit.pairQueueStream();
        CollectedBatches<KeyValue<String, Integer>> sums =
                kit.collect(queue.stream().reduceByKey(Integer::sum));
        kit.start();
        queue.addBatch(KeyValue.of("a", 1), KeyValue.of("b", 2), KeyValue.of("a", 3));
        queue.add(List.of(KeyValue.of("b", 5)));

        kit.advanceBatches(3);

        assertThat(sums.all().values())
                .containsExactly(
                        List.of(KeyValue.of("a", 4), KeyValue.of("b", 2)),
                        List.of(KeyValue.of("b", 5)),
                        List.of());
        assertThat(queue.pending()).isZero();
    }
}
