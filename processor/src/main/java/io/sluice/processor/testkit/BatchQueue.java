package io.sluice.processor.testkit;

import io.sluice.processor.dstream.BatchSource;
import io.sluice.processor.dstream.Time;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** The queued batches of a queue stream: each batch takes the next list, or none when empty. */
final class BatchQueue<T> implements BatchSource<T> {

    private final Deque<List<T>> queue = new ArrayDeque<>();

    void add(List<T> records) {
        queue.addLast(List.copyOf(records));
    }

    int pending() {
        return queue.size();
    }

    @Override
    public List<T> nextBatch(Time time) {
        List<T> next = queue.pollFirst();
        return next == null ? List.of() : next;
    }
}
