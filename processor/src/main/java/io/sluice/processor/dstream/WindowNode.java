package io.sluice.processor.dstream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A window over a parent: at each multiple of the slide, the parent's batches of the last {@code
 * length}, oldest first. Windows go on after input stops, until they are empty and beyond.
 */
final class WindowNode<T> extends StreamNode<T> {

    private final StreamNode<T> parent;
    private final Duration length;

    WindowNode(StreamNode<T> parent, Duration length, Duration slide) {
        super(parent.context(), WindowChecks.slide(parent, length, slide), List.of(parent));
        this.parent = parent;
        this.length = length;
    }

    @Override
    List<T> compute(Time validTime) {
        List<T> records = new ArrayList<>();
        for (Batch<T> batch : parent.slice(windowStart(validTime), validTime)) {
            records.addAll(batch.records());
        }
        return records;
    }

    /** The parent needs to keep a window's length more than this node keeps. */
    @Override
    Duration parentRememberDuration() {
        return rememberDuration().plus(length);
    }

    /** The first parent batch time in the window ending at {@code end}. */
    private Time windowStart(Time end) {
        return end.minus(length).plus(parent.slideDuration());
    }
}
