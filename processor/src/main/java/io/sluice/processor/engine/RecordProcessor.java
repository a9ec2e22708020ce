package io.sluice.processor.engine;

import io.sluice.processor.RecordException;
import io.sluice.processor.RowCollector;
import io.sluice.processor.RowOperator;
import io.sluice.processor.engine.DeadLetters.Stage;
import io.sluice.processor.plan.ErrorHandling.ErrorPolicy;
import io.sluice.processor.plan.PipelinePlan;
import io.sluice.serdes.DecodeResult;
import io.sluice.serdes.RowDecoder;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Takes one input record through decode, the operators and the sink, inside the open transaction; a
 * record that fails at any stage goes to the error policy instead, with none of its outputs.
 *
 * <p>Used by the batch thread only. The rows a record produces are collected in a reused list and
 * written only once every operator succeeded, so a failure never leaves half a record's output.
 */
final class RecordProcessor {
    private final RowDecoder decoder;
    private final RowCollector chain;
    private final OutputWriter output;
    private final ErrorPolicy policy;
    private final DeadLetters deadLetters;
    private final Sender sender;
    private final List<GenericRecord> rows = new ArrayList<>();
    private final BatchCounters counters = new BatchCounters();

    /** Where finished records go: the committer's open transaction. */
    @FunctionalInterface
    interface Sender {
        void send(ProducerRecord<byte[], byte[]> record);
    }

    RecordProcessor(PipelinePlan plan, OutputWriter output, Sender sender) {
        this.decoder = plan.source().decoders().get();
        this.chain = chain(plan.operators(), rows::add);
        this.output = output;
        this.policy = plan.errors().policy();
        this.deadLetters = new DeadLetters(plan.deadLetterTopic(), plan.name());
        this.sender = sender;
    }

    /** The counts of the batch in progress. */
    BatchCounters counters() {
        return counters;
    }

    /** Processes one input record. */
    void process(ConsumerRecord<byte[], byte[]> record) {
        counters.in++;
        byte[] value = record.value();
        if (value == null) {
            fail(record, Stage.DECODE, "the record has no value (a tombstone)", null);
            return;
        }
        DecodeResult decoded = decoder.decode(value);
        if (decoded instanceof DecodeResult.DecodeError error) {
            fail(record, Stage.DECODE, error.message(), null);
            return;
        }
        rows.clear();
        try {
            chain.collect(((DecodeResult.Decoded) decoded).row());
        } catch (RuntimeException e) {
            fail(record, Stage.EVALUATE, describe(e), e);
            return;
        }
        if (rows.isEmpty()) {
            counters.filtered++;
            return;
        }
        String encodeError = output.prepare(rows, record);
        if (encodeError != null) {
            fail(record, Stage.ENCODE, encodeError, null);
            return;
        }
        counters.emitting++;
        counters.out += output.write(sender);
    }

    private void fail(
            ConsumerRecord<byte[], byte[]> record, Stage stage, String reason, Throwable cause) {
        switch (policy) {
            case DEAD_LETTER -> {
                sender.send(deadLetters.record(record, stage, reason));
                counters.deadLettered++;
            }
            case SKIP -> counters.skipped++;
            case FAIL ->
                    throw new RecordException(
                            record.topic(),
                            record.partition(),
                            record.offset(),
                            stage.label() + " failed: " + reason,
                            cause);
        }
    }

    private static String describe(RuntimeException e) {
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }

    /**
     * Links the operators once: each one's collector feeds the next, the last feeds {@code sink}.
     */
    private static RowCollector chain(List<RowOperator> operators, RowCollector sink) {
        RowCollector next = sink;
        for (int i = operators.size() - 1; i >= 0; i--) {
            RowOperator operator = operators.get(i);
            RowCollector downstream = next;
            next = row -> operator.process(row, downstream);
        }
        return next;
    }
}
