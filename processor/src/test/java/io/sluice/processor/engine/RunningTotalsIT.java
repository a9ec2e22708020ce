package io.sluice.processor.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.processor.aggregate.AggregateFunction;
import io.sluice.processor.aggregate.CompiledAggregate;
import io.sluice.processor.expr.CompiledExpression;
import io.sluice.processor.expr.ExpressionCompiler;
import io.sluice.processor.plan.OutputMode;
import io.sluice.processor.plan.PipelinePlan;
import io.sluice.processor.plan.StatefulStage;
import io.sluice.processor.stateful.RunningOperator;
import io.sluice.processor.stateful.WindowOperator;
import io.sluice.processor.window.WindowSpec;
import io.sluice.testkit.KafkaCluster;
import io.sluice.testkit.KafkaClusterExtension;
import io.sluice.testkit.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Running totals over closed windows on a real broker: totals per group carry on from batch to
 * batch, and after a restart whose local state was deleted (restored from the changelogs).
 */
@ExtendWith(KafkaClusterExtension.class)
class RunningTotalsIT {
    private static final Schema EVENT =
            SchemaBuilder.record("Event")
                    .fields()
                    .requiredString("phone")
                    .requiredString("action")
                    .name("time")
                    .type(
                            org.apache.avro.LogicalTypes.timestampMillis()
                                    .addToSchema(Schema.create(Schema.Type.LONG)))
                    .noDefault()
                    .endRecord();

    private final KafkaCluster kafka;

    @TempDir Path state;

    private EngineRuns runs;

    @BeforeEach
    void newRuns() {
        runs = new EngineRuns(kafka, state);
    }

    RunningTotalsIT(KafkaCluster kafka) {
        this.kafka = kafka;
    }

    @Test
    void shouldCarryRunningCountsPerActionAcrossBatchesAndARestartWithoutLocalState()
            throws Exception {
        String input = kafka.uniqueTopic("events");
        String output = kafka.uniqueTopic("running");
        kafka.createTopics(1, input);
        PipelinePlan plan = plan(kafka.uniqueTopic("running"), input, output);

        Topics.produce(
                kafka,
                input,
                List.of(
                        event("a", "open", "01:10"),
                        event("b", "open", "01:20"),
                        event("c", "close", "01:30"),
                        event("d", "open", "02:20")));
        runs.run(plan);
        List<String> first = rows(output);
        runs.deleteLocalState();
        Topics.produce(
                kafka,
                input,
                List.of(
                        event("e", "open", "02:30"),
                        event("f", "close", "02:40"),
                        event("g", "open", "03:20")));
        runs.run(plan);
        List<String> all = rows(output);

        // the watermark (latest event minus 10 minutes) closes 01:00 in the first batch, 02:00 in
        // the second; counts per hour, then the running count per action
        assertThat(first).containsExactlyInAnyOrder("01:00 open 2 2", "01:00 close 1 1");
        assertThat(all.subList(first.size(), all.size()))
                .containsExactlyInAnyOrder("02:00 open 2 4", "02:00 close 1 2");
    }

    private static PipelinePlan plan(String name, String input, String output) {
        PipelinePlan windows =
                WindowedPipelines.plan(
                        name,
                        input,
                        output,
                        EVENT,
                        "time",
                        new WindowSpec.Tumbling(Duration.ofHours(1)),
                        List.of("action"),
                        Map.of("count", "count(*)"),
                        OutputMode.APPEND,
                        Optional.of(Duration.ofMinutes(10)));
        StatefulStage stage = windows.stateful().orElseThrow();
        WindowOperator window = (WindowOperator) stage.operator();
        CompiledExpression count = ExpressionCompiler.compile("count", window.outputSchema());
        RunningOperator running =
                new RunningOperator(
                        window,
                        List.of(
                                new CompiledAggregate(
                                        "total",
                                        "sum(count)",
                                        AggregateFunction.of(
                                                AggregateFunction.Kind.SUM, count.resultSchema()),
                                        Optional.of(count))),
                        "Result");
        return WindowedPipelines.json(
                name,
                input,
                output,
                EVENT,
                WindowedPipelines.JSON_OPTIONS,
                new StatefulStage(
                        running,
                        stage.eventTime(),
                        stage.watermarkDelay(),
                        stage.idleTimeout(),
                        false,
                        List.of()),
                windows.trigger());
    }

    /** The output rows as "HH:mm action count total", in the order they were written. */
    private List<String> rows(String topic) throws Exception {
        return runs.rows(
                topic,
                row ->
                        row.get("window_start").asText().substring(11, 16)
                                + " "
                                + row.get("action").asText()
                                + " "
                                + row.get("count").asText()
                                + " "
                                + row.get("total").asText());
    }

    private static String event(String phone, String action, String clock) {
        return String.format(
                "{\"phone\": \"%s\", \"action\": \"%s\", \"time\": \"2024-01-01 %s:00\"}",
                phone, action, clock);
    }
}
