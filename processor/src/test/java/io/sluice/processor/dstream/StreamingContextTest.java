package io.sluice.processor.dstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.processor.testkit.CollectedBatches;
import io.sluice.processor.testkit.ManualClock;
import io.sluice.processor.testkit.QueueStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamingContextTest {

    private final ManualClock clock = new ManualClock(Instant.ofEpochMilli(10_300));
    private final StreamingContext context = new StreamingContext(Duration.ofSeconds(1), clock);

    @Test
    void shouldRunBatchesOneIntervalApartFromTheStartTimeFlooredToTheInterval() {
        QueueStream<String> words = QueueStream.create(context);
        CollectedBatches<String> out = CollectedBatches.of(words.stream());
        context.start();
        words.addBatch("a");

        clock.advance(Duration.ofMillis(2_000));
        List<Time> ran = context.runDueBatches();

        assertThat(context.zeroTime()).isEqualTo(Time.ofMillis(10_000));
        assertThat(ran).containsExactly(Time.ofMillis(11_000), Time.ofMillis(12_000));
        assertThat(out.at(Time.ofMillis(11_000))).containsExactly("a");
        assertThat(out.at(Time.ofMillis(12_000))).isEmpty();
    }

    @Test
    void shouldRunNoBatchWhenTheClockHasNotReachedTheNext() {
        QueueStream<String> words = QueueStream.create(context);
        CollectedBatches.of(words.stream());
        context.start();

        clock.advance(Duration.ofMillis(699));

        assertThat(context.runDueBatches()).isEmpty();
        assertThat(words.stream().context().lastBatchTime()).isEmpty();
    }

    @Test
    void shouldRefuseStartWhenThereIsNoOutputOperation() {
        QueueStream.create(context);

        assertThatThrownBy(context::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage(
                        "no output operation: add foreachBatch or print to a stream before start");
    }

    @Test
    void shouldRefuseNewStreamsWhenStarted() {
        QueueStream<String> words = QueueStream.create(context);
        CollectedBatches.of(words.stream());
        context.start();

        assertThatThrownBy(() -> words.stream().map(String::length))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage(
                        "cannot add a stream once the context is ACTIVE: build the whole graph"
                                + " before start");
    }

    @Test
    void shouldStopWhenAFunctionThrows() {
        QueueStream<String> words = QueueStream.create(context);
        CollectedBatches.of(words.stream().map(Integer::parseInt));
        context.start();
        words.addBatch("x");
        clock.advance(Duration.ofSeconds(1));

        assertThatThrownBy(context::runDueBatches).isInstanceOf(NumberFormatException.class);
        assertThatThrownBy(context::runDueBatches)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("batches run only while active, not STOPPED");
    }

    @Test
    void shouldRefuseBatchIntervalWhenNotWholeMilliseconds() {
        assertThatThrownBy(() -> new StreamingContext(Duration.ofNanos(1_500_000), clock))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "batch interval PT0.0015S must be a positive whole number of milliseconds");
    }
}
