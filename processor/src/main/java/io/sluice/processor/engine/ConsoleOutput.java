package io.sluice.processor.engine;

import io.sluice.processor.stateful.Deletion;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Callback;

/**
 * Prints up to {@code maxRows} rows of each batch once the batch committed, like Spark's {@code
 * pprint}: rows of an aborted batch are never shown.
 */
final class ConsoleOutput implements OutputWriter {
    private final int maxRows;
    private final PrintStream out;
    private final List<String> held = new ArrayList<>();
    private final List<GenericRecord> pending = new ArrayList<>();
    private long rowsInBatch;

    ConsoleOutput(int maxRows, PrintStream out) {
        this.maxRows = maxRows;
        this.out = out;
    }

    @Override
    public String prepare(List<GenericRecord> rows, ConsumerRecord<byte[], byte[]> input) {
        pending.clear();
        pending.addAll(rows);
        return null;
    }

    @Override
    public int write(RecordProcessor.Sender sender, Callback sent) {
        for (GenericRecord row : pending) {
            if (held.size() < maxRows) {
                // a deletion (a retracted session, a table's deleted key) is no row of the result
                held.add(row instanceof Deletion ? "retract " + row : row.toString());
            }
        }
        rowsInBatch += pending.size();
        return pending.size();
    }

    @Override
    public void afterCommit(long batchId) {
        if (rowsInBatch > 0) {
            out.printf("-------------------------------------------%n");
            out.printf("Batch: %d (%d rows)%n", batchId, rowsInBatch);
            out.printf("-------------------------------------------%n");
            held.forEach(out::println);
            if (rowsInBatch > held.size()) {
                out.println("...");
            }
            out.println();
            out.flush();
        }
        afterAbort();
    }

    @Override
    public void afterAbort() {
        held.clear();
        rowsInBatch = 0;
    }
}
