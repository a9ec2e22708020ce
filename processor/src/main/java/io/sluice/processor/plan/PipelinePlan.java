package io.sluice.processor.plan;

import io.sluice.processor.RowOperator;
import io.sluice.processor.join.KafkaTable;
import io.sluice.processor.join.LookupJoin;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A validated pipeline, ready to run.
 *
 * @param name the consumer group id, the prefix of transactional ids and of internal topics
 * @param source what to read and how to decode it
 * @param operators the stateless steps, in order; each takes the previous one's output schema
 * @param sink where the rows go
 * @param trigger when batches run
 * @param errors what happens to records that fail to decode, evaluate or encode
 * @param maxRecordsPerBatch the most records one batch reads, shared over its partitions
 * @param stateful the stateful step after {@code operators}, if the pipeline has one
 */
public record PipelinePlan(
        String name,
        SourcePlan source,
        List<RowOperator> operators,
        SinkPlan sink,
        Trigger trigger,
        ErrorHandling errors,
        int maxRecordsPerBatch,
        Optional<StatefulStage> stateful) {

    /** The default cap on records per batch. */
    public static final int DEFAULT_MAX_RECORDS_PER_BATCH = 100_000;

    public PipelinePlan {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
        operators = List.copyOf(operators);
        Objects.requireNonNull(sink, "sink");
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(errors, "errors");
        Objects.requireNonNull(stateful, "stateful");
        if (maxRecordsPerBatch < 1) {
            throw new IllegalArgumentException(
                    "maxRecordsPerBatch must be at least 1, got " + maxRecordsPerBatch);
        }
    }

    /** A stateless pipeline. */
    public PipelinePlan(
            String name,
            SourcePlan source,
            List<RowOperator> operators,
            SinkPlan sink,
            Trigger trigger,
            ErrorHandling errors,
            int maxRecordsPerBatch) {
        this(name, source, operators, sink, trigger, errors, maxRecordsPerBatch, Optional.empty());
    }

    /** A copy with another trigger. */
    public PipelinePlan withTrigger(Trigger other) {
        return new PipelinePlan(
                name, source, operators, sink, other, errors, maxRecordsPerBatch, stateful);
    }

    /** A copy with another name. */
    public PipelinePlan withName(String other) {
        return new PipelinePlan(
                other, source, operators, sink, trigger, errors, maxRecordsPerBatch, stateful);
    }

    /** The Kafka tables its join steps read, in step order; the engine materialises each. */
    public List<KafkaTable> tables() {
        List<RowOperator> all = new ArrayList<>(operators);
        stateful.ifPresent(stage -> all.addAll(stage.after()));
        List<KafkaTable> tables = new ArrayList<>();
        for (RowOperator operator : all) {
            if (operator instanceof LookupJoin join && join.table() instanceof KafkaTable table) {
                tables.add(table);
            }
        }
        return tables;
    }

    /** The name of the dead-letter topic, {@code <name>-dlq} unless configured. */
    public String deadLetterTopic() {
        return errors.deadLetterTopic() != null
                ? errors.deadLetterTopic()
                : ErrorHandling.defaultDeadLetterTopic(name);
    }
}
