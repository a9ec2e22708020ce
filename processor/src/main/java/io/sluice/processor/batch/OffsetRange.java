package io.sluice.processor.batch;

import java.util.Objects;
import org.apache.kafka.common.TopicPartition;

/**
 * The offsets of one partition that a batch reads: {@code fromOffset} inclusive to {@code
 * untilOffset} exclusive.
 *
 * <p>In a transactional topic some offsets in the range hold commit or abort markers, or records of
 * aborted transactions, so a range can hold fewer records than {@link #span()}: it is done when the
 * consumer's position reaches {@code untilOffset}, not when a record at {@code untilOffset - 1}
 * arrives.
 */
public record OffsetRange(TopicPartition partition, long fromOffset, long untilOffset) {
    public OffsetRange {
        Objects.requireNonNull(partition, "partition");
        if (fromOffset < 0 || untilOffset < fromOffset) {
            throw new IllegalArgumentException(
                    String.format(
                            "an offset range needs 0 <= fromOffset <= untilOffset, got %s [%d, %d)",
                            partition, fromOffset, untilOffset));
        }
    }

    /** The number of offsets in the range, an upper bound on the records it holds. */
    public long span() {
        return untilOffset - fromOffset;
    }

    @Override
    public String toString() {
        return partition + "[" + fromOffset + ", " + untilOffset + ")";
    }
}
