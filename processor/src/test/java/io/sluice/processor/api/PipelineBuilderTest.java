package io.sluice.processor.api;

import static io.sluice.processor.api.Column.col;
import static io.sluice.processor.api.Column.expr;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.sluice.processor.pipeline.CompiledPipeline;
import io.sluice.processor.pipeline.PipelineFileException;
import io.sluice.processor.plan.ErrorHandling.ErrorPolicy;
import io.sluice.processor.plan.OutputMode;
import io.sluice.processor.plan.SinkPlan;
import io.sluice.processor.plan.SourcePlan.StartingOffsets;
import io.sluice.processor.plan.Trigger;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pipelines built in Java compile to the plans of the equivalent files, errors included. */
class PipelineBuilderTest {
    @TempDir Path directory;

    private FilePlans files;

    @BeforeEach
    void writeSchema() {
        files = new FilePlans(directory);
    }

    @Test
    void shouldCompileTheFilesPlanWhenEveryStatelessStepAndSettingIsUsed() {
        CompiledPipeline file =
                files.compile(
                        """
                        name: clicks
                        source:
                          topics: [clicks-eu, clicks-us]
                          format: json
                          schema: click.avsc
                          options: {timestampFormat: "yyyy-MM-dd HH:mm:ss"}
                          startingOffsets: latest
                          partitionedBy: [user]
                        steps:
                          - where: "action <> 'close'"
                          - explode: {column: tags, as: tag}
                          - withColumn: {name: cents, expr: "amount * 100"}
                          - drop: [amount]
                          - select:
                              user: user
                              tag: tag
                              label: "upper(tag)"
                              cents: cents
                          - select: [user, label, cents]
                        trigger: {interval: 2s}
                        maxRecordsPerBatch: 500
                        errors: {policy: dead-letter, topic: bad-clicks}
                        sink:
                          topic: labels
                          format: csv
                          key: user
                          headers: {pass: false, set: {origin: sluice}}
                          createTopic: false
                        """);

        StructuredPipeline java =
                Pipelines.named("clicks")
                        .source(
                                Source.topics("clicks-eu", "clicks-us")
                                        .format("json")
                                        .schema(FilePlans.CLICK)
                                        .option("timestampFormat", "yyyy-MM-dd HH:mm:ss")
                                        .startingOffsets(StartingOffsets.LATEST)
                                        .partitionedBy("user"))
                        .where("action <> 'close'")
                        .explode("tags", "tag")
                        .withColumn("cents", "amount * 100")
                        .drop("amount")
                        .select(
                                col("user"),
                                col("tag"),
                                expr("upper(tag)").as("label"),
                                col("cents"))
                        .select("user", "label", "cents")
                        .trigger(new Trigger.Interval(Duration.ofSeconds(2)))
                        .maxRecordsPerBatch(500)
                        .onError(ErrorPolicy.DEAD_LETTER)
                        .deadLetterTopic("bad-clicks")
                        .sink(
                                Sink.topic("labels")
                                        .format("csv")
                                        .key("user")
                                        .passHeaders(false)
                                        .header("origin", "sluice")
                                        .createTopic(false))
                        .build();

        assertThat(FilePlans.printed(java.compiled())).isEqualTo(FilePlans.printed(file));
        assertThat(java.outputSchema()).isEqualTo(((SinkPlan.Kafka) file.plan().sink()).schema());
    }

    @Test
    void shouldCompileTheFilesPlanWhenJoiningASecondStreamWithinATimeRange() {
        CompiledPipeline file =
                files.compile(
                        """
                        name: joined
                        source: {topic: views, format: json, schema: click.avsc, timestamp: time, watermark: 10m}
                        steps:
                          - select: {user: user, shownAt: time}
                          - join:
                              stream: {topic: clicks, format: json, schema: click.avsc, timestamp: time, watermark: 20m}
                              on: user
                              type: left
                              between: [-5m, 1h]
                          - select: [user, shownAt, action]
                        sink: {type: console}
                        """);

        StructuredPipeline java =
                Pipelines.named("joined")
                        .source(Source.topic("views").format("json").schema(FilePlans.CLICK))
                        .withWatermark("time", Duration.ofMinutes(10))
                        .select(col("user"), col("time").as("shownAt"))
                        .join(
                                Source.topic("clicks")
                                        .format("json")
                                        .schema(FilePlans.CLICK)
                                        .withWatermark("time", Duration.ofMinutes(20)),
                                Join.on("user")
                                        .left()
                                        .between(Duration.ofMinutes(-5), Duration.ofHours(1)))
                        .select("user", "shownAt", "action")
                        .sink(Sink.console())
                        .build();

        assertThat(FilePlans.printed(java.compiled())).isEqualTo(FilePlans.printed(file));
        assertThat(FilePlans.printed(file))
                .contains(
                        "left join of stream clicks on user, with the right time between the left"
                                + " time - 5m and + 1h");
    }

    @Test
    void shouldCompileTheFilesPlanWhenJoiningTwoTables() {
        CompiledPipeline file =
                files.compile(
                        """
                        name: users
                        source: {topic: profiles, format: json, schema: click.avsc, table: true}
                        steps:
                          - join:
                              table: {topic: accounts, format: json, schema: click.avsc}
                              on: user
                              type: full
                              columns: [user, amount]
                        sink: {topic: user-accounts, format: json, key: user}
                        """
                                .replace("columns: [user, amount]", "columns: [user]"));

        StructuredPipeline java =
                Pipelines.named("users")
                        .source(
                                Source.topic("profiles")
                                        .format("json")
                                        .schema(FilePlans.CLICK)
                                        .asTable())
                        .join(
                                Table.topic("accounts").format("json").schema(FilePlans.CLICK),
                                Join.on("user").full().columns("user"))
                        .sink(Sink.topic("user-accounts").format("json").key("user"))
                        .build();

        assertThat(FilePlans.printed(java.compiled())).isEqualTo(FilePlans.printed(file));
        assertThat(FilePlans.printed(file)).contains("full join of table accounts on the keys");
    }

    @Test
    void shouldCompileTheFilesPlanWhenJoiningAVersionedTable() {
        CompiledPipeline file =
                files.compile(
                        """
                        name: enriched
                        source: {topic: clicks, format: json, schema: click.avsc}
                        steps:
                          - join:
                              table: {topic: users, format: json, schema: click.avsc, bootstrap: false, history: 7d}
                              on: user
                              type: inner
                              columns: [action]
                              at: time
                        sink: {type: console}
                        """
                                .replace("columns: [action]", "columns: [amount]")
                                .replace("- join:", "- drop: [amount]\n  - join:"));

        StructuredPipeline java =
                Pipelines.named("enriched")
                        .source(Source.topic("clicks").format("json").schema(FilePlans.CLICK))
                        .drop("amount")
                        .join(
                                Table.topic("users")
                                        .format("json")
                                        .schema(FilePlans.CLICK)
                                        .bootstrap(false)
                                        .history(Duration.ofDays(7)),
                                Join.on("user").columns("amount").at("time"))
                        .sink(Sink.console())
                        .build();

        assertThat(FilePlans.printed(java.compiled())).isEqualTo(FilePlans.printed(file));
        assertThat(java.plan().tables())
                .singleElement()
                .satisfies(
                        t -> {
                            assertThat(t.isVersioned()).isTrue();
                            assertThat(t.bootstrap()).isFalse();
                        });
    }

    @Test
    void shouldCompileTheFilesPlanWhenDroppingDuplicatesOfWholeRowsWithAWatermark() {
        CompiledPipeline file =
                files.compile(
                        """
                        name: unique-clicks
                        source: {topic: clicks, format: json, schema: click.avsc, timestamp: time, watermark: 10m}
                        steps:
                          - drop: tags
                          - dropDuplicates:
                        errors: {policy: skip}
                        sink: {type: console, maxRows: 5}
                        """);

        StructuredPipeline java =
                Pipelines.named("unique-clicks")
                        .source(Source.topic("clicks").format("json").schema(FilePlans.CLICK))
                        .withWatermark("time", Duration.ofMinutes(10))
                        .drop("tags")
                        .dropDuplicates()
                        .onError(ErrorPolicy.SKIP)
                        .sink(Sink.console(5))
                        .build();

        assertThat(FilePlans.printed(java.compiled())).isEqualTo(FilePlans.printed(file));
        assertThat(java.outputSchema())
                .isEqualTo(file.plan().stateful().get().operator().outputSchema());
    }

    @Test
    void shouldCompileTheFilesPlanWhenAggregatingSlidingWindowsThatAdvanceWhenIdle() {
        CompiledPipeline file =
                files.compile(
                        """
                        name: actions
                        source:
                          topic: clicks
                          format: json
                          schema: click.avsc
                          timestamp: time
                          watermark: 30s
                          idleTimeout: 10s
                          advanceWatermarkWhenIdle: true
                        steps:
                          - window: {type: sliding, size: 10m, slide: 5m}
                            groupBy: [action, {who: "upper(user)"}]
                            aggregate: {clicks: "count(*)", total: "sum(amount)"}
                          - withColumn: {name: mean, expr: "total / clicks"}
                        output: append
                        trigger: {availableNow: true}
                        sink: {topic: actions, format: avro, key: action}
                        """);

        StructuredPipeline java =
                Pipelines.named("actions")
                        .source(
                                Source.topic("clicks")
                                        .format("json")
                                        .schema(directory.resolve("click.avsc")))
                        .withWatermark("time", Duration.ofSeconds(30))
                        .idleTimeout(Duration.ofSeconds(10))
                        .advanceWatermarkWhenIdle()
                        .window(Window.sliding(Duration.ofMinutes(10), Duration.ofMinutes(5)))
                        .groupBy(col("action"), expr("upper(user)").as("who"))
                        .aggregate(expr("count(*)").as("clicks"), expr("sum(amount)").as("total"))
                        .withColumn("mean", "total / clicks")
                        .outputMode(OutputMode.APPEND)
                        .trigger(new Trigger.AvailableNow())
                        .sink(Sink.topic("actions").format("avro").key("action"))
                        .build();

        assertThat(FilePlans.printed(java.compiled())).isEqualTo(FilePlans.printed(file));
        assertThat(java.plan().stateful().get().advanceWhenQuiet()).isTrue();
        assertThat(java.plan().stateful().get().idleTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(java.outputSchema()).isEqualTo(((SinkPlan.Kafka) file.plan().sink()).schema());
    }

    @Test
    void shouldCompileTheFilesPlanWhenSessionsRetractOrNotTheRowsOfMergedSessions() {
        String yaml =
                """
                name: sessions
                source: {topic: clicks, format: json, schema: click.avsc, timestamp: time}
                steps:
                  - window: {type: session, gap: 5m, retractMerged: false}
                    groupBy: user
                    aggregate: {clicks: "count(*)"}
                output: update
                sink: {topic: sessions, format: json, key: user}
                """;
        CompiledPipeline kept = files.compile(yaml);
        CompiledPipeline retracted = files.compile(yaml.replace(", retractMerged: false", ""));

        StructuredPipeline javaKept =
                sessions(Window.session(Duration.ofMinutes(5)).retractMerged(false));
        StructuredPipeline javaRetracted = sessions(Window.session(Duration.ofMinutes(5)));

        assertThat(FilePlans.printed(javaKept.compiled())).isEqualTo(FilePlans.printed(kept));
        assertThat(FilePlans.printed(javaRetracted.compiled()))
                .isEqualTo(FilePlans.printed(retracted))
                .contains("merged sessions: retracted (a tombstone under each replaced row's key)");
        assertThat(FilePlans.printed(kept)).doesNotContain("merged sessions");
    }

    @Test
    void shouldRefuseRetractingMergedSessionsWhenTheSinkIsAForeachWriter() {
        PipelineBuilder builder =
                Pipelines.named("sessions")
                        .source(Source.topic("clicks").format("json").schema(FilePlans.CLICK))
                        .eventTime("time")
                        .groupBy("user")
                        .window(Window.session(Duration.ofMinutes(5)).retractMerged(true))
                        .aggregate(expr("count(*)").as("clicks"))
                        .outputMode(OutputMode.UPDATE)
                        .sink(Sink.foreach(row -> {}));

        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith(
                        "window.retractMerged: a foreach writer gets rows and has no tombstone");
    }

    private static StructuredPipeline sessions(Window window) {
        return Pipelines.named("sessions")
                .source(Source.topic("clicks").format("json").schema(FilePlans.CLICK))
                .eventTime("time")
                .groupBy("user")
                .window(window)
                .aggregate(expr("count(*)").as("clicks"))
                .outputMode(OutputMode.UPDATE)
                .sink(Sink.topic("sessions").format("json").key("user"))
                .build();
    }

    @Test
    void shouldCompileTheFilesPlanWhenAggregatingSessionsAndGroupsWithoutAWindow() {
        CompiledPipeline sessions =
                files.compile(
                        """
                        name: sessions
                        source: {topic: clicks, format: json, schema: click.avsc, timestamp: time}
                        steps:
                          - window: {type: session, gap: 5m}
                            groupBy: user
                            aggregate: {clicks: "count(*)"}
                        output: complete
                        sink: {topic: sessions, format: json}
                        """);
        CompiledPipeline totals =
                files.compile(
                        """
                        name: totals
                        source: {topic: clicks, format: json, schema: click.avsc}
                        steps:
                          - groupBy: [user]
                            aggregate: {total: "sum(amount)"}
                        sink: {topic: totals, format: json, key: user}
                        """);

        StructuredPipeline javaSessions =
                Pipelines.named("sessions")
                        .source(Source.topic("clicks").format("json").schema(FilePlans.CLICK))
                        .eventTime("time")
                        .groupBy("user")
                        .window(Window.session(Duration.ofMinutes(5)))
                        .aggregate(expr("count(*)").as("clicks"))
                        .outputMode(OutputMode.COMPLETE)
                        .sink(Sink.topic("sessions").format("json"))
                        .build();
        StructuredPipeline javaTotals =
                Pipelines.named("totals")
                        .source(Source.topic("clicks").format("json").schema(FilePlans.CLICK))
                        .groupBy("user")
                        .aggregate(expr("sum(amount)").as("total"))
                        .sink(Sink.topic("totals").format("json").key("user"))
                        .build();

        assertThat(FilePlans.printed(javaSessions.compiled()))
                .isEqualTo(FilePlans.printed(sessions));
        assertThat(FilePlans.printed(javaTotals.compiled())).isEqualTo(FilePlans.printed(totals));
    }

    @Test
    void shouldGiveTheFilesReasonNamingTheStepWhenAnExpressionNamesAnUnknownColumn() {
        PipelineFileException inFile =
                catchThrowableOfType(
                        PipelineFileException.class,
                        () ->
                                files.compile(
                                        """
                                        name: points
                                        source: {topic: clicks, format: json, schema: click.avsc}
                                        steps:
                                          - where: "action = 'buy'"
                                          - select:
                                              user: user
                                              points: "amont * 0.2"
                                        sink: {topic: points, format: json}
                                        """));

        PipelineFileException inJava =
                catchThrowableOfType(
                        PipelineFileException.class,
                        () ->
                                Pipelines.named("points")
                                        .source(
                                                Source.topic("clicks")
                                                        .format("json")
                                                        .schema(FilePlans.CLICK))
                                        .where("action = 'buy'")
                                        .select(col("user"), expr("amont * 0.2").as("points"))
                                        .sink(Sink.topic("points").format("json"))
                                        .build());

        assertThat(inFile.reason()).startsWith("unknown column 'amont'");
        assertThat(inJava.reason()).isEqualTo(inFile.reason());
        assertThat(inJava.keyPath())
                .isEqualTo(inFile.keyPath())
                .isEqualTo("steps[1].select.points");
        assertThat(inJava.getMessage())
                .isEqualTo("java:points: steps[1].select.points: " + inFile.reason());
        assertThat(inJava.line()).isZero();
    }

    @Test
    void shouldGiveTheFilesReasonWhenTheSinkTopicIsASourceTopic() {
        PipelineFileException inFile =
                catchThrowableOfType(
                        PipelineFileException.class,
                        () ->
                                files.compile(
                                        """
                                        name: echo
                                        source: {topics: [clicks-eu, clicks-us], format: json, schema: click.avsc}
                                        sink: {topic: clicks-us, format: json}
                                        """));

        PipelineFileException inJava =
                catchThrowableOfType(
                        PipelineFileException.class,
                        () ->
                                Pipelines.named("echo")
                                        .source(
                                                Source.topics("clicks-eu", "clicks-us")
                                                        .format("json")
                                                        .schema(FilePlans.CLICK))
                                        .sink(Sink.topic("clicks-us").format("json"))
                                        .build());

        assertThat(inFile.reason())
                .startsWith(
                        "the sink topic 'clicks-us' is also the source topic at"
                                + " source.topics[1]: the pipeline would read its own output");
        assertThat(inJava.reason()).isEqualTo(inFile.reason());
        assertThat(inJava.getMessage()).isEqualTo("java:echo: sink.topic: " + inFile.reason());
    }

    @Test
    void shouldGiveTheFilesReasonWhenAnAppendAggregationHasNoWatermark() {
        PipelineFileException inJava =
                catchThrowableOfType(
                        PipelineFileException.class,
                        () ->
                                Pipelines.named("totals")
                                        .source(
                                                Source.topic("clicks")
                                                        .format("json")
                                                        .schema(FilePlans.CLICK))
                                        .window(Window.tumbling(Duration.ofMinutes(1)))
                                        .aggregate(expr("count(*)").as("clicks"))
                                        .outputMode(OutputMode.APPEND)
                                        .sink(Sink.topic("totals").format("json"))
                                        .build());

        assertThat(inJava.keyPath()).isEqualTo("output");
        assertThat(inJava.reason())
                .startsWith("output mode 'append' emits each window once the watermark passes");
    }

    @Test
    void shouldNameTheFirstStatefulStepByItsKeyPathWhenASecondOneFollows() {
        PipelineFileException inJava =
                catchThrowableOfType(
                        PipelineFileException.class,
                        () ->
                                Pipelines.named("twice")
                                        .source(
                                                Source.topic("clicks")
                                                        .format("json")
                                                        .schema(FilePlans.CLICK))
                                        .where("amount > 0")
                                        .dropDuplicates("user")
                                        .groupBy("user")
                                        .aggregate(expr("count(*)").as("clicks"))
                                        .sink(Sink.topic("totals").format("json"))
                                        .build());

        assertThat(inJava.keyPath()).isEqualTo("steps[2].groupBy");
        assertThat(inJava.reason())
                .startsWith(
                        "a second stateful step (an aggregation, after dropDuplicates at"
                                + " steps[1]);");
    }

    @Test
    void shouldRefuseToBuildWhenTheSourceAndSinkAreMissing() {
        PipelineBuilder builder = Pipelines.named("nothing").where("true");

        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage(
                        "pipeline nothing has no source(...) and no sink(...); expected both a"
                                + " source and a sink");
    }

    @Test
    void shouldRefuseAnAggregateWithoutANameWhenItIsAdded() {
        GroupedRows grouped = Pipelines.named("totals").groupBy("user");

        assertThatThrownBy(() -> grouped.aggregate(expr("sum(amount)")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "aggregate column 0, sum(amount), has no name; expected"
                                + " expr(\"sum(amount)\").as(\"Name\")");
    }
}
