package io.sluice.processor.engine;

import io.sluice.processor.plan.MemoryTable;
import io.sluice.serdes.Rows;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Callback;

/**
 * Holds a batch's rows and appends them to a {@link MemoryTable} once the batch committed; an
 * aborted batch's rows are dropped, so its replay adds them once. Rows are copied as they come: the
 * decoder and the operators may reuse theirs.
 */
final class MemoryOutput implements OutputWriter {
    private final MemoryTable table;
    private final List<GenericRecord> prepared = new ArrayList<>();
    private final List<GenericRecord> batch = new ArrayList<>();

    MemoryOutput(MemoryTable table) {
        this.table = table;
    }

    @Override
    public String prepare(List<GenericRecord> rows, ConsumerRecord<byte[], byte[]> input) {
        prepared.clear();
        for (GenericRecord row : rows) {
            prepared.add(Rows.genericData().deepCopy(row.getSchema(), row));
        }
        return null;
    }

    @Override
    public int write(RecordProcessor.Sender sender, Callback sent) {
        batch.addAll(prepared);
        int written = prepared.size();
        prepared.clear();
        return written;
    }

    @Override
    public void afterCommit(long batchId) {
        table.appendCommitted(List.copyOf(batch));
        batch.clear();
    }

    @Override
    public void afterAbort() {
        prepared.clear();
        batch.clear();
    }
}
