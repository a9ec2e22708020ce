package io.sluice.processor.testkit;

import io.sluice.processor.dstream.BatchSource;
import io.sluice.processor.dstream.DStream;
import io.sluice.processor.dstream.StreamingContext;
import io.sluice.processor.dstream.Time;
import java.util.Arrays;
import java.util.List;

/**
 * An input stream fed from memory, Spark's {@code queueStream} with one batch at a time: each batch
 * takes the next queued list of records, or none when the queue is empty. Feed it before or between
 * batches. {@link PairQueueStream} is the same for a keyed stream.
 *
 * @param <T> the type of the records
 */
public final class QueueStream<T> implements BatchSource<T> {

    private final BatchQueue<T> queue = new BatchQueue<>();
    private final DStream<T> stream;

    private QueueStream(StreamingContext context) {
        this.stream = context.inputStream(queue);
    }

    /** An empty queue and its input stream in {@code context}. */
    public static <T> QueueStream<T> create(StreamingContext context) {
        return new QueueStream<>(context);
    }

    /** The input stream the queued batches go to. */
    public DStream<T> stream() {
        return stream;
    }

    /** Queues one batch of {@code records}; an empty list queues an empty batch. */
    public void add(List<T> records) {
        queue.add(records);
    }

    /** Queues one batch of {@code records}. */
    @SafeVarargs
    public final void addBatch(T... records) {
        add(Arrays.asList(records));
    }

    /** How many batches are queued and not yet read. */
    public int pending() {
        return queue.pending();
    }

    /** Takes the next queued batch, as the input stream does; empty when none is queued. */
    @Override
    public List<T> nextBatch(Time time) {
        return queue.nextBatch(time);
    }
}
