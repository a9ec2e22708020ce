package io.sluice.processor.dstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.processor.testkit.QueueStream;
import io.sluice.processor.testkit.StreamingTestKit;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SliceTest {

    private static final Duration BATCH = Duration.ofSeconds(1);

    private final StreamingTestKit kit = StreamingTestKit.withBatchInterval(BATCH);

    @Test
    void shouldSliceTheRememberedBatchesOfAStream() {
        QueueStream<Integer> numbers = kit.queueStream();
        DStream<Integer> doubled = numbers.stream().map(x -> x * 2);
        kit.collect(doubled);
        kit.context().remember(BATCH.multipliedBy(3));
        kit.start();
        for (int batch = 1; batch <= 5; batch++) {
            numbers.addBatch(batch);
        }

        kit.advanceBatches(5);

        assertThat(doubled.slice(kit.batchTime(3), kit.batchTime(5)))
                .containsExactly(
                        new Batch<>(kit.batchTime(3), List.of(6)),
                        new Batch<>(kit.batchTime(4), List.of(8)),
                        new Batch<>(kit.batchTime(5), List.of(10)));
    }

    @Test
    void shouldRefuseSliceWhenItReachesBeforeWhatIsRemembered() {
        QueueStream<Integer> numbers = kit.queueStream();
        kit.collect(numbers.stream());
        kit.context().remember(BATCH.multipliedBy(3));
        kit.start();

        kit.advanceBatches(5);

        assertThatThrownBy(() -> numbers.stream().slice(kit.batchTime(2), kit.batchTime(5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "slice from 2000 ms is not remembered: this stream keeps the batches after"
                                + " 2000 ms (remember PT3S); call StreamingContext.remember with a"
                                + " longer duration before start");
    }

    @Test
    void shouldRefuseSliceWhenItReachesPastTheLastBatch() {
        QueueStream<Integer> numbers = kit.queueStream();
        kit.collect(numbers.stream());
        kit.start();

        kit.advanceBatches(2);

        assertThatThrownBy(() -> numbers.stream().slice(kit.batchTime(2), kit.batchTime(3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("slice to 3000 ms is after the last batch run, 2000 ms");
    }

    @Test
    void shouldKeepOnlyTheLastBatchWhenNothingAsksForMore() {
        QueueStream<Integer> numbers = kit.queueStream();
        kit.collect(numbers.stream());
        kit.start();

        kit.advanceBatches(3);

        assertThat(numbers.stream().node.rememberedTimes()).containsExactly(kit.batchTime(3));
    }

    @Test
    void shouldRememberAWindowLengthMoreInTheParentOfAWindow() {
        QueueStream<Integer> numbers = kit.queueStream();
        kit.collect(numbers.stream().window(BATCH.multipliedBy(3), BATCH.multipliedBy(2)));
        kit.start();

        kit.advanceBatches(8);

        // The window keeps its slide (2 s), the input that plus the window's length (3 s).
        assertThat(numbers.stream().node.rememberedTimes())
                .containsExactly(
                        kit.batchTime(4),
                        kit.batchTime(5),
                        kit.batchTime(6),
                        kit.batchTime(7),
                        kit.batchTime(8));
    }

    @Test
    void shouldSkipTimesBeforeTheFirstBatchWhenSliceStartsEarlier() {
        QueueStream<Integer> numbers = kit.queueStream();
        kit.collect(numbers.stream());
        kit.context().remember(BATCH.multipliedBy(10));
        kit.start();
        numbers.addBatch(7);

        kit.advanceBatches(1);

        assertThat(numbers.stream().slice(Time.ofMillis(-5000), kit.batchTime(1)))
                .containsExactly(new Batch<>(kit.batchTime(1), List.of(7)));
    }
}
