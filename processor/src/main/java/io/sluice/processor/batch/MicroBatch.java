package io.sluice.processor.batch;

import java.util.List;

/**
 * One batch: its id and the offset ranges it reads, at most one per partition.
 *
 * <p>Batch ids are deterministic: a batch replayed after a crash is planned from the same committed
 * offsets and gets the same id, so idempotent non-Kafka sinks can dedupe by it.
 */
public record MicroBatch(long batchId, List<OffsetRange> ranges) {
    public MicroBatch {
        ranges = List.copyOf(ranges);
    }

    /** Whether the batch reads nothing. */
    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    /** The number of offsets the batch covers, an upper bound on its records. */
    public long span() {
        long span = 0;
        for (OffsetRange range : ranges) {
            span += range.span();
        }
        return span;
    }
}
