package io.sluice.processor.engine;

import io.sluice.processor.BatchRetryException;
import io.sluice.processor.DependencyUnavailableException;
import io.sluice.processor.RecordException;
import io.sluice.processor.RowCollector;
import io.sluice.processor.RowOperator;
import io.sluice.processor.StateCorruptedException;
import io.sluice.processor.engine.DeadLetters.Stage;
import io.sluice.processor.expr.EvaluationException;
import io.sluice.processor.plan.ErrorHandling.ErrorPolicy;
import io.sluice.processor.plan.JoinedStream;
import io.sluice.processor.plan.PipelinePlan;
import io.sluice.processor.plan.StatefulStage;
import io.sluice.processor.plan.StatefulStage.EventTime;
import io.sluice.processor.stateful.Deletion;
import io.sluice.processor.stateful.StatefulOperator;
import io.sluice.processor.stateful.TableChanges;
import io.sluice.processor.window.Admission;
import io.sluice.processor.window.Retraction;
import io.sluice.serdes.CodecException;
import io.sluice.serdes.DecodeResult;
import io.sluice.serdes.RowDecoder;
import io.sluice.serdes.SchemaSourceUnavailableException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

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
    // the second stream of a stream-stream join: its topics, decoder, steps and event time
    private final Set<String> joinedTopics;
    private final RowDecoder joinedDecoder;
    private final RowCollector joinedChain;
    private final EventTime joinedEventTime;
    private final OutputWriter output;
    private final ErrorPolicy policy;
    private final DeadLetters deadLetters;
    private final Sender sender;
    private final Refusals refusals;
    private final List<GenericRecord> rows = new ArrayList<>();
    private final BatchCounters counters = new BatchCounters();
    private final StateTasks aggregation; // null for stateless pipelines
    private final Repartitioner repartitioner; // null unless rows move to their group's task
    private final List<ProducerRecord<byte[], byte[]>> moves = new ArrayList<>();
    private final EventTime eventTime;
    private final StatefulOperator statefulOperator; // null for stateless pipelines
    private final TableChanges tableChanges; // null unless the inputs are tables
    private final RowCollector after;
    private final List<GenericRecord> afterRows = new ArrayList<>();
    private final Retractions retractions;

    /** Where finished records go: the committer's open transaction. */
    @FunctionalInterface
    interface Sender {
        void send(ProducerRecord<byte[], byte[]> record);

        /** Sends {@code record} and tells {@code sent} (when not null) where it went. */
        default void send(ProducerRecord<byte[], byte[]> record, Callback sent) {
            send(record);
        }
    }

    RecordProcessor(PipelinePlan plan, OutputWriter output, Sender sender) {
        this(
                plan,
                output,
                sender,
                new Refusals(),
                DeadLetters.DEFAULT_MAX_RECORD_BYTES,
                null,
                null);
    }

    /**
     * @param refusals the input records whose outputs the broker refused in an earlier attempt of
     *     the batch: they go to the error policy instead
     * @param maxRecordBytes the largest record the producer sends: longer dead letters are cut
     */
    RecordProcessor(
            PipelinePlan plan,
            OutputWriter output,
            Sender sender,
            Refusals refusals,
            int maxRecordBytes,
            StateTasks aggregation,
            Repartitioner repartitioner) {
        this.refusals = refusals;
        this.repartitioner = repartitioner;
        RowDecoder allColumns = plan.source().decoders().get();
        this.decoder = SourceColumns.read(plan).map(allColumns::readingOnly).orElse(allColumns);
        this.chain = chain(plan.operators(), rows::add);
        Optional<JoinedStream> joined = plan.source().joined();
        this.joinedTopics = joined.map(j -> Set.copyOf(j.topics())).orElse(Set.of());
        this.joinedDecoder = joined.map(j -> j.decoders().get()).orElse(null);
        this.joinedChain = joined.map(j -> chain(j.operators(), rows::add)).orElse(null);
        this.joinedEventTime = joined.map(JoinedStream::eventTime).orElse(null);
        this.aggregation = aggregation;
        this.eventTime = plan.stateful().map(StatefulStage::eventTime).orElse(null);
        this.statefulOperator = plan.stateful().map(StatefulStage::operator).orElse(null);
        this.tableChanges = statefulOperator instanceof TableChanges changes ? changes : null;
        this.after =
                chain(plan.stateful().map(StatefulStage::after).orElse(List.of()), afterRows::add);
        this.retractions = new Retractions(plan.sink());
        this.output = output;
        this.policy = plan.errors().policy();
        this.deadLetters = new DeadLetters(plan.deadLetterTopic(), plan.name(), maxRecordBytes);
        this.sender = sender;
    }

    /** The counts of the batch in progress. */
    BatchCounters counters() {
        return counters;
    }

    /** Processes one input record. */
    void process(ConsumerRecord<byte[], byte[]> record) {
        if (repartitioner != null && record.topic().equals(repartitioner.topic())) {
            processMoved(record);
            return;
        }
        counters.in++;
        Refusals.Refusal refusal = refusals.of(record);
        if (refusal != null) {
            refused(record, refusal);
            return;
        }
        if (tableChanges != null) {
            tableChange(record);
            return;
        }
        byte[] value = record.value();
        if (value == null) {
            fail(record, Stage.DECODE, "the record has no value (a tombstone)", null);
            return;
        }
        boolean second = !joinedTopics.isEmpty() && joinedTopics.contains(record.topic());
        DecodeResult decoded = decode(second ? joinedDecoder : decoder, value);
        if (decoded instanceof DecodeResult.DecodeError error) {
            fail(record, Stage.DECODE, error.message(), null);
            return;
        }
        rows.clear();
        try {
            (second ? joinedChain : chain).collect(((DecodeResult.Decoded) decoded).row());
        } catch (StateCorruptedException e) {
            // a joined table's local copy failed, not the record: replay once it is read again
            throw new BatchRetryException(
                    "a joined table's local copy cannot be trusted; replaying the batch", e);
        } catch (RuntimeException e) {
            fail(record, Stage.EVALUATE, describe(e), e);
            return;
        }
        if (rows.isEmpty()) {
            counters.filtered++;
            return;
        }
        if (aggregation != null) {
            aggregate(
                    record,
                    ((DecodeResult.Decoded) decoded).row(),
                    second ? joinedEventTime : eventTime);
            return;
        }
        String encodeError = output.prepare(rows, record);
        if (encodeError != null) {
            fail(record, output.errorStage(), encodeError, null);
            return;
        }
        counters.emitting++;
        counters.out += output.write(sender, refusals.outputsOf(record, null));
    }

    /**
     * Decodes a record's value. A writer schema source that cannot answer (the schema registry
     * down) says nothing of the record: the batch waits and is replayed, nothing is dead-lettered.
     */
    private static DecodeResult decode(RowDecoder decoder, byte[] value) {
        try {
            return decoder.decode(value);
        } catch (SchemaSourceUnavailableException e) {
            throw new DependencyUnavailableException(
                    "schema registry",
                    e.getMessage() + "; the batch waits for it and is replayed",
                    e);
        }
    }

    /**
     * Takes a record of a joined table into the stateful step: the change of the row under its key
     * (a tombstone: the key's deletion). A record without a key changes no row: the error policy.
     */
    private void tableChange(ConsumerRecord<byte[], byte[]> record) {
        if (record.key() == null) {
            fail(record, Stage.DECODE, "a table record needs a key: the key names its row", null);
            return;
        }
        GenericRecord row = null;
        if (record.value() != null) {
            boolean second = joinedTopics.contains(record.topic());
            DecodeResult decoded = decode(second ? joinedDecoder : decoder, record.value());
            if (decoded instanceof DecodeResult.DecodeError error) {
                fail(record, Stage.DECODE, error.message(), null);
                return;
            }
            row = ((DecodeResult.Decoded) decoded).row();
        }
        rows.clear();
        rows.add(
                tableChanges.change(
                        record.topic(), new String(record.key(), StandardCharsets.UTF_8), row));
        aggregate(record, row, eventTime);
    }

    /**
     * Writes one result row of the aggregation (after the steps that follow it) to the sink.
     *
     * @throws RecordException when the row cannot be encoded: no input record can take the blame,
     *     so the pipeline stops rather than lose the row
     */
    void emitAggregated(GenericRecord row) {
        afterRows.clear();
        if (row instanceof Deletion) {
            afterRows.add(row); // a key's deletion goes to the sink as a tombstone, as it is
        } else if (row instanceof Retraction retraction) {
            retract(retraction);
        } else {
            after.collect(row);
        }
        if (afterRows.isEmpty()) {
            return;
        }
        String encodeError = output.prepare(afterRows, null);
        if (encodeError != null) {
            throw new RecordException(
                    "(aggregation)",
                    -1,
                    -1,
                    "a result row cannot be encoded: " + encodeError,
                    null);
        }
        counters.out += output.write(sender, null);
    }

    /**
     * Puts in {@code afterRows} the deletions of a retracted row: the steps after made the row the
     * sink saw, so its key is the one to delete, unless the merged row takes that key anyway.
     */
    private void retract(Retraction retraction) {
        List<GenericRecord> replacement = List.of();
        if (retraction.replacement() != null) {
            after.collect(retraction.replacement());
            replacement = List.copyOf(afterRows);
            afterRows.clear();
        }
        after.collect(retraction);
        List<GenericRecord> deletions = retractions.deletions(afterRows, replacement);
        afterRows.clear();
        afterRows.addAll(deletions);
    }

    /**
     * Counts rows the stateful step took but dropped when it finished (duplicates) as filtered
     * rather than emitting. A row that came through the repartition topic was counted as emitting
     * by an earlier batch: the totals still reconcile.
     */
    void droppedByState(long rows) {
        counters.emitting -= rows;
        counters.filtered += rows;
    }

    /**
     * Takes the record's rows into the stateful step: into their task's batch, or first through the
     * repartition topic to the task of their group.
     */
    private void aggregate(
            ConsumerRecord<byte[], byte[]> record, GenericRecord source, EventTime eventTime) {
        long time;
        if (eventTime instanceof EventTime.SourceField field) {
            Object value = source.get(field.position());
            if (!(value instanceof Long millis)) {
                fail(
                        record,
                        Stage.EVALUATE,
                        "the event time field " + field.name() + " is null",
                        null);
                return;
            }
            time = millis;
        } else {
            time = record.timestamp();
        }
        if (repartitioner != null) {
            move(record, time);
            return;
        }
        boolean counted = false;
        try {
            for (int i = 0; i < rows.size(); i++) {
                counted |= aggregation.add(record, rows.get(i), time, 0) != Admission.LATE;
            }
        } catch (EvaluationException | ArithmeticException e) {
            // a group or aggregate argument failed on this record (a sum overflowing included);
            // anything else is the engine's fault and must not be blamed on the record
            fail(record, Stage.EVALUATE, describe(e), e);
            return;
        }
        if (counted) {
            counters.emitting++;
            return;
        }
        counters.late++;
        if (policy == ErrorPolicy.DEAD_LETTER) {
            sender.send(
                    deadLetters.record(
                            record,
                            Stage.LATE,
                            "event time " + time + " is behind the watermark for all its windows"));
        }
    }

    /**
     * Sends the batch's watermark markers to every task, after the rows it moved.
     *
     * @param owned the source partitions this instance reads
     * @param generation the consumer group's generation
     */
    void sendWatermarkMarkers(Collection<TopicPartition> owned, int generation) {
        if (repartitioner == null) {
            return;
        }
        for (ProducerRecord<byte[], byte[]> marker :
                repartitioner.watermarkMarkers(owned, generation, System.nanoTime())) {
            sender.send(marker, repartitioner.onSent());
        }
    }

    /** Sends the record's rows to the repartition topic, all of them or (on a failure) none. */
    private void move(ConsumerRecord<byte[], byte[]> record, long time) {
        if (time < 0) {
            fail(
                    record,
                    Stage.EVALUATE,
                    "event time " + time + " is before 1970, which a Kafka timestamp cannot carry",
                    null);
            return;
        }
        moves.clear();
        try {
            for (int i = 0; i < rows.size(); i++) {
                moves.add(repartitioner.record(record, rows.get(i), time));
            }
        } catch (EvaluationException | CodecException e) {
            fail(record, Stage.EVALUATE, describe(e), e);
            return;
        }
        Callback sent = refusals.outputsOf(record, repartitioner.onSent());
        for (int i = 0; i < moves.size(); i++) {
            sender.send(moves.get(i), sent);
        }
        counters.repartitioned += moves.size();
        counters.emitting++;
    }

    /**
     * Takes a row read back from the repartition topic into its task's batch, with the event time
     * its record carries; a row late for everything it belongs to is dead-lettered as JSON.
     */
    private void processMoved(ConsumerRecord<byte[], byte[]> record) {
        if (Repartitioner.isWatermarkMarker(record)) {
            int slot = repartitioner.sourceSlot(record);
            if (Repartitioner.isIdleMarker(record)) {
                aggregation.markIdle(record, slot);
            } else {
                aggregation.observe(record, slot, Repartitioner.eventTime(record));
            }
            return;
        }
        // the move header once: a row's slot, event time and origin all come from it
        byte[] move = MoveHeader.of(record);
        DecodeResult decoded = repartitioner.row(record, move);
        if (decoded instanceof DecodeResult.DecodeError error) {
            // written by this pipeline with other steps, perhaps: not a row of today's schema
            failMoved(
                    record,
                    move,
                    record.value(),
                    Stage.DECODE,
                    "repartitioned row: " + error.message());
            return;
        }
        GenericRecord row = ((DecodeResult.Decoded) decoded).row();
        long time = move != null ? MoveHeader.eventTime(move) : Repartitioner.eventTime(record);
        int slot = move != null ? repartitioner.sourceSlot(move) : repartitioner.sourceSlot(record);
        Admission admission;
        try {
            admission = aggregation.add(record, row, time, slot);
        } catch (EvaluationException | ArithmeticException e) {
            failMoved(record, move, movedJson(row), Stage.EVALUATE, describe(e));
            return;
        }
        if (admission != Admission.LATE) {
            return;
        }
        counters.late++;
        if (policy == ErrorPolicy.DEAD_LETTER) {
            sender.send(
                    deadLetters.repartitioned(
                            record,
                            origin(record, move),
                            movedJson(row),
                            Stage.LATE,
                            "event time " + time + " is behind the watermark for all its windows"));
        }
    }

    /** A moved row as its dead letter shows it: JSON, of the row as the step's input had it. */
    private byte[] movedJson(GenericRecord row) {
        return statefulOperator.deadLetterValue(row).orElseGet(() -> repartitioner.json(row));
    }

    /** The error policy for a moved row: its dead letter names the row's original input. */
    private void failMoved(
            ConsumerRecord<byte[], byte[]> record,
            byte[] move,
            byte[] value,
            Stage stage,
            String reason) {
        if (policy == ErrorPolicy.DEAD_LETTER) {
            sender.send(
                    deadLetters.repartitioned(record, origin(record, move), value, stage, reason));
            counters.deadLettered++;
        } else {
            fail(record, stage, reason, null);
        }
    }

    /** Where a moved row was read; null when it was moved with the source headers instead. */
    private DeadLetters.Origin origin(ConsumerRecord<byte[], byte[]> record, byte[] move) {
        return move == null ? null : repartitioner.origin(record, move);
    }

    /**
     * The error policy for a record whose outputs the broker refused in an earlier attempt: its
     * dead letter is cut to what fits, to nothing if even that was refused.
     */
    private void refused(ConsumerRecord<byte[], byte[]> record, Refusals.Refusal refusal) {
        if (policy != ErrorPolicy.DEAD_LETTER) {
            fail(record, Stage.SINK, refusal.reason(), null);
            return;
        }
        int maxValueBytes = refusal.deadLetter() ? 0 : deadLetters.maxValueBytes();
        sender.send(
                deadLetters.record(record, Stage.SINK, refusal.reason(), maxValueBytes),
                refusals.deadLetterOf(record));
        counters.deadLettered++;
    }

    private void fail(
            ConsumerRecord<byte[], byte[]> record, Stage stage, String reason, Throwable cause) {
        switch (policy) {
            case DEAD_LETTER -> {
                sender.send(
                        deadLetters.record(record, stage, reason), refusals.deadLetterOf(record));
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
