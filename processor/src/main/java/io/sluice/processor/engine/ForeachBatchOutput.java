package io.sluice.processor.engine;

import io.sluice.processor.plan.ForeachBatchFunction;
import io.sluice.serdes.Rows;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Callback;

/**
 * Gathers a batch's rows and hands them to a {@link ForeachBatchFunction} just before the commit;
 * what the function sends goes into the batch's transaction. Rows are copied as they come: the
 * decoder and the operators may reuse theirs for the next record.
 */
final class ForeachBatchOutput implements OutputWriter {
    private final ForeachBatchFunction function;
    private final List<GenericRecord> prepared = new ArrayList<>();
    private final List<GenericRecord> batch = new ArrayList<>();
    private long calledBatch = -1; // the batch the function was called for, -1 if none since

    ForeachBatchOutput(ForeachBatchFunction function) {
        this.function = function;
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
    public void beforeCommit(long batchId, RecordProcessor.Sender sender) {
        List<GenericRecord> rows = List.copyOf(batch);
        batch.clear();
        calledBatch = batchId;
        function.call(batchId, rows, sender::send);
    }

    @Override
    public void afterCommit(long batchId) {
        if (calledBatch == batchId) {
            function.committed(batchId);
        }
        calledBatch = -1;
    }

    @Override
    public void afterAbort() {
        prepared.clear();
        batch.clear();
        if (calledBatch >= 0) {
            function.aborted(calledBatch);
        }
        calledBatch = -1;
    }
}
