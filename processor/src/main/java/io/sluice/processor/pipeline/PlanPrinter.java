package io.sluice.processor.pipeline;

import io.sluice.processor.RowOperator;
import io.sluice.processor.aggregate.CompiledAggregate;
import io.sluice.processor.join.JoinType;
import io.sluice.processor.join.KafkaTable;
import io.sluice.processor.join.LookupJoin;
import io.sluice.processor.join.StaticTable;
import io.sluice.processor.plan.ErrorHandling.ErrorPolicy;
import io.sluice.processor.plan.FileSinkManifest;
import io.sluice.processor.plan.JoinedStream;
import io.sluice.processor.plan.OutputMode;
import io.sluice.processor.plan.PipelinePlan;
import io.sluice.processor.plan.SinkPlan;
import io.sluice.processor.plan.SourcePlan;
import io.sluice.processor.plan.StatefulStage;
import io.sluice.processor.plan.StatefulStage.EventTime;
import io.sluice.processor.plan.Trigger;
import io.sluice.processor.stateful.DedupeOperator;
import io.sluice.processor.stateful.JoinInput;
import io.sluice.processor.stateful.JoinKind;
import io.sluice.processor.stateful.RunningOperator;
import io.sluice.processor.stateful.StreamJoinOperator;
import io.sluice.processor.window.AggregationPlan;
import io.sluice.processor.window.GroupColumn;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;

/**
 * The plan printer renders a compiled pipeline as text for {@code sluice validate}: the source and
 * its schema, each step with the schema of the rows it emits (an aggregation step with its window,
 * group-by columns, aggregates, event time and output mode; a join with what it matches and adds; a
 * stream-stream join with its stream, state and rows without a match), the sink and the settings.
 */
final class PlanPrinter {
    private final StringBuilder text = new StringBuilder();

    private PlanPrinter() {}

    static String print(CompiledPipeline pipeline) {
        PlanPrinter printer = new PlanPrinter();
        printer.pipeline(pipeline);
        return printer.text.toString();
    }

    private void pipeline(CompiledPipeline pipeline) {
        PipelinePlan plan = pipeline.plan();
        line("pipeline %s (%s)", plan.name(), pipeline.file());
        source(pipeline);
        line("steps");
        int number = operators(plan.operators(), 1);
        if (plan.stateful().isPresent()) {
            StatefulStage stage = plan.stateful().get();
            operators(stage.after(), stateful(number, stage, plan.source().joined()));
        } else if (plan.operators().isEmpty()) {
            line("  (none: rows go to the sink as they are read)");
        }
        sink(plan.sink(), plan.stateful().map(PlanPrinter::noInputRecord).orElse(null));
        line("trigger: %s", trigger(plan.trigger()));
        line("output mode: %s", pipeline.outputMode().name().toLowerCase());
        line("max records per batch: %d", plan.maxRecordsPerBatch());
        line("errors: %s", errors(plan));
    }

    private void source(CompiledPipeline pipeline) {
        SourcePlan source = pipeline.plan().source();
        line("source");
        source.ingest()
                .ifPresent(
                        i ->
                                line(
                                        "  ingests: %s (an ingester copies it to the topic below)",
                                        i.describe()));
        line("  topics: %s", String.join(", ", source.topics()));
        line("  format: %s", source.format());
        line("  starting offsets: %s", source.startingOffsets().name().toLowerCase());
        line("  schema: %s", source.schema().getFullName());
        for (Schema.Field field : source.schema().getFields()) {
            line("    %s %s", field.name(), TypeNames.of(field.schema()));
        }
        line(
                "  event time: %s%s",
                pipeline.timestampField().orElse("the Kafka record timestamp"),
                pipeline.watermark().map(w -> ", watermark " + DurationText.format(w)).orElse(""));
    }

    /** Prints {@code operators} numbered from {@code first}; returns the next number. */
    private int operators(List<RowOperator> operators, int first) {
        int number = first;
        for (RowOperator operator : operators) {
            if (operator instanceof JoinInput) {
                continue; // part of the stream-stream join step that follows, not a step of its own
            }
            line("  %d. %s", number++, operator);
            if (operator instanceof LookupJoin join) {
                join(join);
            }
            line("     -> %s", schema(operator.outputSchema()));
        }
        return number;
    }

    /** Prints what a join matches, adds and reads at, under its step line. */
    private void join(LookupJoin join) {
        String tableKey =
                join.table() instanceof StaticTable file
                        ? "file column " + file.keyColumn()
                        : "the record key";
        line("       match: %s as text = %s", join.keyColumn(), tableKey);
        line(
                "       adds: %s (%s)",
                String.join(", ", join.addedColumns()),
                join.type() == JoinType.LEFT
                        ? "null when no row matches"
                        : "rows without a match are dropped");
        if (join.atColumn().isPresent()) {
            line("       at: %s (the version in effect at each row's time)", join.atColumn().get());
        } else if (join.table() instanceof KafkaTable table && table.isVersioned()) {
            line("       at: the newest version (no at column)");
        }
    }

    /** Prints the stateful step numbered {@code number}; returns the next number. */
    private int stateful(int number, StatefulStage stage, Optional<JoinedStream> stream) {
        if (stage.aggregation().isEmpty()) {
            line("  %d. %s", number, stage.operator().describe());
            if (stage.operator() instanceof DedupeOperator) {
                line("       state: %s", dedupeState(stage));
            }
            if (stage.operator() instanceof StreamJoinOperator join) {
                streamJoin(join, stream.orElseThrow(), stage);
            }
            line("     -> %s", schema(stage.operator().outputSchema()));
            return number + 1;
        }
        aggregation(number, stage);
        if (stage.operator() instanceof RunningOperator running) {
            List<String> totals = new ArrayList<>();
            running.running().forEach(a -> totals.add(a.outputName() + " = " + a.sql()));
            line("  %d. running %s", number + 1, String.join(", ", totals));
            line("       per group of the aggregation, over its closed windows in start order");
            line("     -> %s", schema(running.outputSchema()));
            return number + 2;
        }
        return number + 1;
    }

    /** Prints a stream-stream join's stream, what it keeps and its rows without a match. */
    private void streamJoin(StreamJoinOperator join, JoinedStream stream, StatefulStage stage) {
        String topic = stream.topics().get(0);
        line(
                "       stream: %s, %s, schema %s",
                String.join(", ", stream.topics()), stream.format(), schema(stream.schema()));
        line(
                "       stream event time: %s, %s",
                stream.eventTime() instanceof EventTime.SourceField field
                        ? field.name()
                        : "the Kafka record timestamp",
                join.delay(topic)
                        .map(w -> "watermark " + DurationText.format(w))
                        .orElse(
                                stage.watermarkDelay().isPresent()
                                        ? "no watermark of its own (the source's delay applies)"
                                        : "no watermark"));
        line(
                "       state: %s",
                join.condition().isBounded()
                        ? "each row of either side, until the watermark (the lower of the two"
                                + " sides') passes its last chance to meet a row"
                        : "every row of either side, forever (no time condition)");
        line("       without a match: %s", unmatched(join.kind()));
    }

    private static String unmatched(JoinKind kind) {
        switch (kind) {
            case LEFT:
                return "left rows come out with null right columns once the watermark passes"
                        + " their last chance";
            case RIGHT:
                return "right rows come out with null left columns once the watermark passes"
                        + " their last chance";
            case FULL:
                return "rows of either side come out with nulls for the other once the watermark"
                        + " passes their last chance";
            case LEFT_SEMI:
                return "dropped (each left row comes out once, at its first match, with its own"
                        + " columns)";
            default:
                return "dropped";
        }
    }

    private static String dedupeState(StatefulStage stage) {
        return stage.watermarkDelay()
                .map(
                        w ->
                                "each key until the watermark ("
                                        + DurationText.format(w)
                                        + ") passes the event time of its first row")
                .orElse("every key, forever (no watermark)");
    }

    private void aggregation(int number, StatefulStage stage) {
        if (stage.aggregation().isEmpty()) {
            line("  %d. %s", number, stage.operator().describe());
            return;
        }
        AggregationPlan plan = stage.aggregation().get();
        line("  %d. %s", number, plan.isWindowed() ? "windowed aggregation" : "aggregation");
        boolean closedByTime =
                plan.eventTimeGroup().isPresent() && plan.outputMode() != OutputMode.COMPLETE;
        line(
                "       window: %s",
                closedByTime
                        ? "none (one row per group, kept until the watermark reaches its "
                                + plan.eventTimeGroup().get().name()
                                + ")"
                        : WindowSection.describe(plan.window()));
        line("       group by: %s", groupBy(plan.groupBy()));
        List<String> aggregates = new ArrayList<>();
        for (CompiledAggregate aggregate : plan.aggregates()) {
            aggregates.add(aggregate.outputName() + " = " + aggregate.sql().trim());
        }
        line("       aggregates: %s", String.join(", ", aggregates));
        if (closedByTime) {
            line(
                    "       watermark: %s; closes a group once it reaches the group's %s",
                    stage.watermarkDelay().map(DurationText::format).orElse("none"),
                    plan.eventTimeGroup().get().name());
        } else if (!plan.isWindowed()) {
            line("       watermark: not used (no window to close: nothing is late or dropped)");
        } else {
            line(
                    "       watermark: %s",
                    stage.watermarkDelay()
                            .map(
                                    w ->
                                            DurationText.format(w)
                                                    + ", idle timeout "
                                                    + DurationText.format(stage.idleTimeout()))
                            .orElse("none (nothing is late, no window is ever dropped)"));
        }
        line("       output mode: %s", outputMode(plan));
        if (plan.retractsMerged()) {
            line("       merged sessions: retracted (a tombstone under each replaced row's key)");
        }
        line("     -> %s", schema(plan.outputSchema()));
    }

    private static String groupBy(List<GroupColumn> columns) {
        if (columns.isEmpty()) {
            return "(none: one group)";
        }
        List<String> names = new ArrayList<>();
        for (GroupColumn column : columns) {
            String sql = column.expression().sql().trim();
            names.add(sql.equals(column.name()) ? sql : column.name() + " = " + sql);
        }
        return String.join(", ", names);
    }

    private static String outputMode(AggregationPlan plan) {
        switch (plan.outputMode()) {
            case APPEND:
                return plan.isWindowed()
                        ? "append (each window's row once, when the watermark passes its end)"
                        : "append (each group's row once, when the watermark reaches its "
                                + plan.eventTimeGroup().map(GroupColumn::name).orElse("time")
                                + ")";
            case UPDATE:
                return plan.isWindowed()
                        ? "update (the rows of the windows that changed, each batch)"
                        : "update (the rows of the groups that changed, each batch)";
            default:
                return "complete (every row of the result, each batch)";
        }
    }

    /** Why the rows of {@code stage} reach the sink without their input record. */
    private static String noInputRecord(StatefulStage stage) {
        return stage.aggregation().isPresent()
                ? "aggregated rows have no input record"
                : "the rows of " + stage.operator().describe() + " leave it without their record";
    }

    /**
     * @param noInput why the rows have no input record (key, headers), or null when they have one
     */
    private void sink(SinkPlan sink, String noInput) {
        line("sink");
        if (sink instanceof SinkPlan.Console console) {
            line("  console, at most %d rows per batch", console.maxRows());
            return;
        }
        if (sink instanceof SinkPlan.ForeachBatch) {
            line("  foreachBatch: a Java function gets each batch's rows");
            return;
        }
        if (sink instanceof SinkPlan.Files files) {
            line("  files: %s", files.directory());
            line(
                    "  format: %s, one .%s file per batch and input partition",
                    files.format(), files.extension());
            line("  schema: %s", schema(files.schema()));
            line("  committed files: listed in %s/", FileSinkManifest.DIRECTORY);
            return;
        }
        if (sink instanceof SinkPlan.Memory memory) {
            line(
                    "  memory table: %s (rows of committed batches, in this process)",
                    memory.table().name());
            return;
        }
        if (sink instanceof SinkPlan.Foreach) {
            line("  foreach: a Java writer gets each row, per batch and input partition");
            return;
        }
        SinkPlan.Kafka kafka = (SinkPlan.Kafka) sink;
        line(
                "  topic: %s%s",
                kafka.topic(), kafka.createTopic() ? " (created if missing)" : " (must exist)");
        line("  format: %s", kafka.format());
        line("  schema: %s", schema(kafka.schema()));
        line("  key: %s", kafka.key() != null ? kafka.key() : noKey(noInput));
        String input;
        if (noInput != null) {
            input = "no input headers (" + noInput + ")";
        } else {
            input = kafka.passHeaders() ? "input headers passed" : "input headers dropped";
        }
        StringBuilder headers = new StringBuilder(input);
        for (Map.Entry<String, String> header : kafka.headers().entrySet()) {
            headers.append(", set ").append(header.getKey()).append('=').append(header.getValue());
        }
        line("  headers: %s", headers);
    }

    private static String noKey(String noInput) {
        return noInput != null ? "none (" + noInput + ")" : "the input record's key";
    }

    private static String schema(Schema schema) {
        return schema.getFullName() + " {" + TypeNames.fields(schema) + "}";
    }

    private static String trigger(Trigger trigger) {
        if (trigger instanceof Trigger.Interval interval) {
            return "every " + DurationText.format(interval.interval());
        }
        if (trigger instanceof Trigger.AvailableNow) {
            return "available now (process what is there, then stop)";
        }
        Duration min = ((Trigger.AsFastAsPossible) trigger).minInterval();
        return min.isZero()
                ? "as fast as possible"
                : "as fast as possible, at most one batch every " + DurationText.format(min);
    }

    private static String errors(PipelinePlan plan) {
        ErrorPolicy policy = plan.errors().policy();
        if (policy == ErrorPolicy.DEAD_LETTER) {
            return "dead-letter to topic " + plan.deadLetterTopic();
        }
        return policy == ErrorPolicy.SKIP ? "skip (counted)" : "fail (stop the pipeline)";
    }

    private void line(String format, Object... args) {
        text.append(String.format(format, args)).append('\n');
    }
}
