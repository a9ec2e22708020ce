package io.sluice.processor.engine;

import io.sluice.processor.plan.SinkPlan;
import java.io.PrintStream;
import java.util.List;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Callback;

/**
 * Writes the rows of one input record to the sink, in two steps so that a row that cannot be
 * encoded stops the whole record before anything of it is sent.
 */
interface OutputWriter {

    /**
     * Encodes the rows one input record produced.
     *
     * @return null when all rows encoded, else the reason the first one could not
     */
    String prepare(List<GenericRecord> rows, ConsumerRecord<byte[], byte[]> input);

    /**
     * Sends what {@link #prepare} encoded; returns the number of records written.
     *
     * @param sent told of each record sent to Kafka, null for none
     */
    int write(RecordProcessor.Sender sender, Callback sent);

    /** The stage the last error of {@link #prepare} belongs to. */
    default DeadLetters.Stage errorStage() {
        return DeadLetters.Stage.ENCODE;
    }

    /** Called once the batch's rows are all written, just before its commit. */
    default void beforeCommit(long batchId, RecordProcessor.Sender sender) {}

    /** Called once the batch committed. */
    default void afterCommit(long batchId) {}

    /** Called when the batch aborted: forget anything held for it. */
    default void afterAbort() {}

    /** The writer for a sink plan. */
    static OutputWriter of(SinkPlan sink, PrintStream console) {
        return of(sink, console, Integer.MAX_VALUE);
    }

    /**
     * The writer for a sink plan; a Kafka sink refuses a record larger than {@code maxRecordBytes}
     * (stage {@code sink}) before it is sent.
     */
    static OutputWriter of(SinkPlan sink, PrintStream console, int maxRecordBytes) {
        if (sink instanceof SinkPlan.Kafka kafka) {
            return new KafkaOutput(kafka, maxRecordBytes);
        }
        if (sink instanceof SinkPlan.ForeachBatch foreach) {
            return new ForeachBatchOutput(foreach.function());
        }
        if (sink instanceof SinkPlan.Memory memory) {
            return MemoryOutput.writer(memory.table());
        }
        if (sink instanceof SinkPlan.Foreach foreach) {
            return new ForeachOutput(foreach.writer());
        }
        if (sink instanceof SinkPlan.Files) {
            throw new IllegalArgumentException("a file sink opens its directory: FileOutput.open");
        }
        return new ConsoleOutput(((SinkPlan.Console) sink).maxRows(), console);
    }
}
