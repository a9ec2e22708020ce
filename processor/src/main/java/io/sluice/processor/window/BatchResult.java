package io.sluice.processor.window;

import java.util.List;
import org.apache.avro.generic.GenericRecord;

/**
 * A batch result is what one batch of a windowed aggregation produced.
 *
 * @param rows the emitted rows, ordered by window start, window end, then group (by group alone
 *     without a window)
 * @param late the records that were late for some window, in input order
 * @param watermarkMs the watermark the batch ran with ({@code Long.MIN_VALUE}: none yet)
 * @param nextWatermarkMs the watermark computed at the end of the batch, in effect for the next
 */
public record BatchResult(
        List<GenericRecord> rows, List<LateRecord> late, long watermarkMs, long nextWatermarkMs) {
    public BatchResult {
        rows = List.copyOf(rows);
        late = List.copyOf(late);
    }
}
