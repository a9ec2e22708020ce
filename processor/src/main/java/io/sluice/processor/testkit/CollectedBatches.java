package io.sluice.processor.testkit;

import io.sluice.processor.dstream.BatchConsumer;
import io.sluice.processor.dstream.DStream;
import io.sluice.processor.dstream.Time;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An output operation that keeps every batch a stream generated, by batch time, for assertions.
 *
 * @param <T> the type of the records
 */
public final class CollectedBatches<T> implements BatchConsumer<T> {

    private final TreeMap<Time, List<T>> batches = new TreeMap<>();

    private CollectedBatches() {}

    /** Collects the batches of {@code stream} from now on (add it before the context starts). */
    public static <T> CollectedBatches<T> of(DStream<T> stream) {
        CollectedBatches<T> collected = new CollectedBatches<>();
        stream.foreachBatch(collected);
        return collected;
    }

    @Override
    public void accept(List<T> records, Time time) {
        batches.put(time, records);
    }

    /**
     * The records of the batch at {@code time}.
     *
     * @throws NoSuchElementException when the stream generated no batch at that time, naming the
     *     times it did
     */
    public List<T> at(Time time) {
        List<T> records = batches.get(time);
        if (records == null) {
            throw new NoSuchElementException(
                    String.format("no batch at %s; batches at %s", time, batches.keySet()));
        }
        return records;
    }

    /** The times of the batches collected, oldest first. */
    public List<Time> times() {
        return new ArrayList<>(batches.keySet());
    }

    /** Every batch collected by time, oldest first. */
    public SortedMap<Time, List<T>> all() {
        return Collections.unmodifiableSortedMap(batches);
    }
}
