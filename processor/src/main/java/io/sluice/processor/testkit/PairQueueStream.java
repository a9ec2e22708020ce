package io.sluice.processor.testkit;

import io.sluice.processor.dstream.KeyValue;
import io.sluice.processor.dstream.PairDStream;
import io.sluice.processor.dstream.StreamingContext;
import java.util.Arrays;
import java.util.List;

/**
 * A {@link QueueStream} of {@link KeyValue} records whose input stream is keyed: {@link #stream()}
 * is a {@link PairDStream}, without a {@code mapToPair(record -> record)}.
 *
 * @param <K> the type of the keys
 * @param <V> the type of the values
 */
public final class PairQueueStream<K, V> {

    private final BatchQueue<KeyValue<K, V>> queue = new BatchQueue<>();
    private final PairDStream<K, V> stream;

    private PairQueueStream(StreamingContext context) {
        this.stream = context.pairInputStream(queue);
    }

    /** An empty queue and its keyed input stream in {@code context}. */
    public static <K, V> PairQueueStream<K, V> create(StreamingContext context) {
        return new PairQueueStream<>(context);
    }

    /** The keyed input stream the queued batches go to. */
    public PairDStream<K, V> stream() {
        return stream;
    }

    /** Queues one batch of {@code records}; an empty list queues an empty batch. */
    public void add(List<KeyValue<K, V>> records) {
        queue.add(records);
    }

    /** Queues one batch of {@code records}. */
    @SafeVarargs
    public final void addBatch(KeyValue<K, V>... records) {
        add(Arrays.asList(records));
    }

    /** How many batches are queued and not yet read. */
    public int pending() {
        return queue.pending();
    }
}
