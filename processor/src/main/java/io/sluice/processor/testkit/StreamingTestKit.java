package io.sluice.processor.testkit;

import io.sluice.processor.dstream.DStream;
import io.sluice.processor.dstream.StreamingContext;
import io.sluice.processor.dstream.Time;
import java.time.Duration;
import java.util.List;

/**
 * A {@link StreamingContext} on a {@link ManualClock} at the epoch, for tests: build the graph on
 * {@link #context()} with {@link #queueStream()} (or {@link #pairQueueStream()}) inputs and {@link
 * #collect} outputs, {@link #start()}, then feed the queues and {@link #advanceBatches} to run
 * batches. Batch {@code n} runs at {@link #batchTime(int) batchTime(n)}, {@code n} intervals after
 * the epoch.
 *
 * <pre>{@code
 * StreamingTestKit kit = StreamingTestKit.withBatchInterval(Duration.ofSeconds(1));
 * QueueStream<String> words = kit.queueStream();
 * CollectedBatches<KeyValue<String, Long>> counts = kit.collect(words.stream().countByValue());
 * kit.start();
 * words.addBatch("a", "b", "a");
 * kit.advanceBatches(1);
 * counts.at(kit.batchTime(1)); // [(a,2), (b,1)]
 * }</pre>
 */
public final class StreamingTestKit {

    private final ManualClock clock = new ManualClock();
    private final StreamingContext context;

    private StreamingTestKit(Duration batchInterval) {
        this.context = new StreamingContext(batchInterval, clock);
    }

    /** A kit whose context runs a batch every {@code batchInterval} of its manual clock. */
    public static StreamingTestKit withBatchInterval(Duration batchInterval) {
        return new StreamingTestKit(batchInterval);
    }

    /** The context to build streams on. */
    public StreamingContext context() {
        return context;
    }

    /** The clock the context reads. */
    public ManualClock clock() {
        return clock;
    }

    /** A new queue of batches and its input stream. */
    public <T> QueueStream<T> queueStream() {
        return QueueStream.create(context);
    }

    /**
     * A new queue of batches of {@link io.sluice.processor.dstream.KeyValue}s and its keyed stream.
     */
    public <K, V> PairQueueStream<K, V> pairQueueStream() {
        return PairQueueStream.create(context);
    }

    /** Collects every batch of {@code stream}. */
    public <T> CollectedBatches<T> collect(DStream<T> stream) {
        return CollectedBatches.of(stream);
    }

    /** Starts the context; see {@link StreamingContext#start()}. */
    public void start() {
        context.start();
    }

    /**
     * Moves the clock {@code count} batch intervals forward and runs the batches due.
     *
     * @return the times of the batches run
     */
    public List<Time> advanceBatches(int count) {
        if (count < 0) {
            throw new IllegalArgumentException(
                    String.format("batches to advance must be >= 0, got %s", count));
        }
        clock.advance(context.batchInterval().multipliedBy(count));
        return context.runDueBatches();
    }

    /** The time of batch {@code n}: {@code n} batch intervals after the epoch. */
    public Time batchTime(int n) {
        return Time.ofMillis(context.batchInterval().multipliedBy(n).toMillis());
    }
}
