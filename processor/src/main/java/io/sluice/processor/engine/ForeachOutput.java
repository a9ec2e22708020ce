package io.sluice.processor.engine;

import io.sluice.processor.BatchRetryException;
import io.sluice.processor.plan.ForeachWriter;
import io.sluice.serdes.Rows;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.common.TopicPartition;

/**
 * Gathers a batch's rows per input partition and hands them to a {@link ForeachWriter} just before
 * the commit: open, process each row, close, per partition. What the writer throws aborts the
 * batch, to be replayed with the same id. Rows are copied as they come: the decoder and the
 * operators may reuse theirs.
 */
final class ForeachOutput implements OutputWriter {
    private final ForeachWriter writer;
    private final List<GenericRecord> prepared = new ArrayList<>();
    private final Map<Optional<TopicPartition>, List<GenericRecord>> batch = new LinkedHashMap<>();
    private Optional<TopicPartition> preparedPartition = Optional.empty();

    ForeachOutput(ForeachWriter writer) {
        this.writer = writer;
    }

    @Override
    public String prepare(List<GenericRecord> rows, ConsumerRecord<byte[], byte[]> input) {
        prepared.clear();
        preparedPartition =
                input == null
                        ? Optional.empty()
                        : Optional.of(new TopicPartition(input.topic(), input.partition()));
        for (GenericRecord row : rows) {
            prepared.add(Rows.genericData().deepCopy(row.getSchema(), row));
        }
        return null;
    }

    @Override
    public int write(RecordProcessor.Sender sender, Callback sent) {
        batch.computeIfAbsent(preparedPartition, p -> new ArrayList<>()).addAll(prepared);
        int written = prepared.size();
        prepared.clear();
        return written;
    }

    @Override
    public void beforeCommit(long batchId, RecordProcessor.Sender sender) {
        try {
            for (Map.Entry<Optional<TopicPartition>, List<GenericRecord>> rows : batch.entrySet()) {
                call(batchId, rows.getKey(), rows.getValue());
            }
        } finally {
            batch.clear();
        }
    }

    private void call(long batchId, Optional<TopicPartition> partition, List<GenericRecord> rows) {
        try {
            if (writer.open(batchId, partition)) {
                for (GenericRecord row : rows) {
                    writer.process(row);
                }
            }
        } catch (RuntimeException e) {
            closeQuietly(e);
            throw failed(batchId, partition, e);
        }
        try {
            writer.close(Optional.empty());
        } catch (RuntimeException e) {
            throw failed(batchId, partition, e);
        }
    }

    private static BatchRetryException failed(
            long batchId, Optional<TopicPartition> partition, RuntimeException e) {
        return new BatchRetryException(
                "the foreach writer failed on batch "
                        + batchId
                        + partition.map(p -> " (partition " + p + ")").orElse("")
                        + ": "
                        + e,
                e);
    }

    private void closeQuietly(RuntimeException cause) {
        try {
            writer.close(Optional.of(cause));
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    @Override
    public void afterAbort() {
        prepared.clear();
        batch.clear();
    }
}
