package io.sluice.processor.engine;

import io.sluice.processor.plan.ForeachBatchFunction;
import io.sluice.processor.plan.MemoryTable;
import java.util.List;
import java.util.function.Consumer;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The memory sink: a batch function that holds a batch's rows and appends them to a {@link
 * MemoryTable} once the batch committed; an aborted batch's rows are dropped, so its replay adds
 * them once. {@link ForeachBatchOutput} gathers and copies the rows.
 */
final class MemoryOutput implements ForeachBatchFunction {
    private final MemoryTable table;
    private List<GenericRecord> batch = List.of();

    private MemoryOutput(MemoryTable table) {
        this.table = table;
    }

    /** The writer of a memory sink appending to {@code table}. */
    static OutputWriter writer(MemoryTable table) {
        return new ForeachBatchOutput(new MemoryOutput(table));
    }

    @Override
    public void call(
            long batchId, List<GenericRecord> rows, Consumer<ProducerRecord<byte[], byte[]>> send) {
        batch = rows;
    }

    @Override
    public void committed(long batchId) {
        table.appendCommitted(batch);
        batch = List.of();
    }

    @Override
    public void aborted(long batchId) {
        batch = List.of();
    }
}
