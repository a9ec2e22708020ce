package io.sluice.processor.api;

import static io.sluice.processor.api.Column.expr;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.processor.pipeline.PipelineFileException;
import io.sluice.processor.plan.OutputMode;
import io.sluice.processor.plan.SinkPlan;
import io.sluice.processor.plan.StatefulStage;
import io.sluice.processor.plan.StatefulStage.EventTime;
import io.sluice.processor.stateful.groupstate.GroupStateTimeout;
import io.sluice.processor.stateful.groupstate.MapGroupsWithStateFunction;
import io.sluice.processor.stateful.groupstate.StateCodec;
import java.time.Duration;
import java.util.Collections;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.junit.jupiter.api.Test;

/** Group-state steps built in Java: the stage between the file-compiled steps around it. */
class GroupStatePipelineTest {
    private static final Schema COUNT =
            SchemaBuilder.record("ClickCount")
                    .fields()
                    .requiredString("user")
                    .requiredLong("clicks")
                    .endRecord();
    private static final MapGroupsWithStateFunction<Long> COUNT_CLICKS =
            (key, rows, state) -> {
                long clicks = state.getOption().orElse(0L) + rows.size();
                state.update(clicks);
                GenericData.Record row = new GenericData.Record(COUNT);
                row.put("user", key.get(0));
                row.put("clicks", clicks);
                return row;
            };

    @Test
    void shouldRunTheFunctionBetweenTheStepsBeforeAndAfterItWhenMappingGroupsWithState() {
        StructuredPipeline pipeline =
                Pipelines.named("click-counts")
                        .source(Source.topic("clicks").format("json").schema(FilePlans.CLICK))
                        .withWatermark("time", Duration.ofMinutes(1))
                        .idleTimeout(Duration.ofSeconds(5))
                        .where("action = 'buy'")
                        .groupBy("user")
                        .mapGroupsWithState(
                                COUNT,
                                StateCodec.longs(),
                                GroupStateTimeout.NO_TIMEOUT,
                                COUNT_CLICKS)
                        .withColumn("many", "clicks > 10")
                        .sink(Sink.topic("click-counts").format("json").key("user"))
                        .build();

        StatefulStage stage = pipeline.plan().stateful().orElseThrow();
        assertThat(pipeline.plan().operators()).hasSize(1);
        assertThat(stage.operator().describe()).isEqualTo("mapGroupsWithState (NO_TIMEOUT)");
        assertThat(stage.eventTime()).isEqualTo(new EventTime.SourceField("time", 2));
        assertThat(stage.watermarkDelay()).contains(Duration.ofMinutes(1));
        assertThat(stage.idleTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(stage.after()).hasSize(1);
        assertThat(pipeline.outputSchema().getFields())
                .extracting(Schema.Field::name)
                .containsExactly("user", "clicks", "many");
        assertThat(((SinkPlan.Kafka) pipeline.plan().sink()).key()).hasToString("user");
        assertThat(pipeline.describe())
                .contains("  2. mapGroupsWithState (NO_TIMEOUT)\n")
                .contains("  3. withColumn many = clicks > 10\n");
    }

    @Test
    void shouldReadTheIngestTopicWhenAGroupStateStepFollowsARateSource() {
        Schema evens =
                SchemaBuilder.record("Evens")
                        .fields()
                        .requiredLong("even")
                        .requiredLong("rows")
                        .endRecord();
        MapGroupsWithStateFunction<Long> countRows =
                (key, rows, state) -> {
                    long seen = state.getOption().orElse(0L) + rows.size();
                    state.update(seen);
                    GenericData.Record row = new GenericData.Record(evens);
                    row.put("even", key.get(0));
                    row.put("rows", seen);
                    return row;
                };

        StructuredPipeline pipeline =
                Pipelines.named("rate-groups")
                        .source(Source.rate(10))
                        .withColumn("even", "value % 2")
                        .groupBy("even")
                        .mapGroupsWithState(
                                evens, StateCodec.longs(), GroupStateTimeout.NO_TIMEOUT, countRows)
                        .sink(Sink.topic("rate-groups-out").format("json").key("even"))
                        .build();

        assertThat(pipeline.plan().source().topics()).containsExactly("rate-groups-ingest");
        assertThat(pipeline.plan().source().ingest()).isPresent();
        assertThat(pipeline.plan().stateful().orElseThrow().operator().describe())
                .isEqualTo("mapGroupsWithState (NO_TIMEOUT)");
        assertThat(((SinkPlan.Kafka) pipeline.plan().sink()).topic()).isEqualTo("rate-groups-out");
    }

    @Test
    void shouldNameTheStepWhenAGroupStateKeyIsNotAColumn() {
        PipelineBuilder builder =
                Pipelines.named("click-counts")
                        .source(Source.topic("clicks").format("json").schema(FilePlans.CLICK))
                        .select("action", "amount")
                        .groupBy("user")
                        .flatMapGroupsWithState(
                                COUNT,
                                StateCodec.longs(),
                                GroupStateTimeout.NO_TIMEOUT,
                                (key, rows, state) -> Collections.emptyIterator())
                        .sink(Sink.console());

        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("steps[1].flatMapGroupsWithState: ")
                .hasMessageContaining("user");
    }

    @Test
    void shouldRefuseAGroupStateStepWhenAnAggregationComesBeforeIt() {
        PipelineBuilder builder =
                Pipelines.named("twice")
                        .source(Source.topic("clicks").format("json").schema(FilePlans.CLICK))
                        .groupBy("user")
                        .aggregate(expr("count(*)").as("clicks"))
                        .groupBy("user")
                        .mapGroupsWithState(
                                COUNT,
                                StateCodec.longs(),
                                GroupStateTimeout.NO_TIMEOUT,
                                COUNT_CLICKS)
                        .sink(Sink.console());

        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith(
                        "steps[1].mapGroupsWithState: a stateful step comes before it;");
    }

    @Test
    void shouldRefuseAnOutputModeWhenTheStatefulStepIsAGroupStateStep() {
        PipelineBuilder builder =
                Pipelines.named("click-counts")
                        .source(Source.topic("clicks").format("json").schema(FilePlans.CLICK))
                        .groupBy("user")
                        .mapGroupsWithState(
                                COUNT,
                                StateCodec.longs(),
                                GroupStateTimeout.NO_TIMEOUT,
                                COUNT_CLICKS)
                        .outputMode(OutputMode.UPDATE)
                        .sink(Sink.console());

        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage(
                        "steps[0].mapGroupsWithState emits the rows its function returns, and"
                                + " output modes are for aggregations; expected no"
                                + " outputMode(...)");
    }

    @Test
    void shouldRefuseTheSinkTopicWhenItIsTheSecondSourceTopicOfAGroupStatePipeline() {
        PipelineBuilder builder =
                Pipelines.named("click-counts")
                        .source(
                                Source.topics("clicks-eu", "clicks-us")
                                        .format("json")
                                        .schema(FilePlans.CLICK))
                        .groupBy("user")
                        .mapGroupsWithState(
                                COUNT,
                                StateCodec.longs(),
                                GroupStateTimeout.NO_TIMEOUT,
                                COUNT_CLICKS)
                        .sink(Sink.topic("clicks-us").format("json"));

        assertThatThrownBy(builder::build)
                .isInstanceOf(PipelineFileException.class)
                .hasMessageContaining(
                        "sink.topic: the sink topic 'clicks-us' is also the source topic at"
                                + " source.topics[1]: the pipeline would read its own output");
    }

    @Test
    void shouldRefuseTheDeadLetterTopicWhenItIsTheSinkTopicOfAGroupStatePipeline() {
        PipelineBuilder builder =
                Pipelines.named("click-counts")
                        .source(Source.topic("clicks").format("json").schema(FilePlans.CLICK))
                        .deadLetterTopic("click-counts-out")
                        .groupBy("user")
                        .mapGroupsWithState(
                                COUNT,
                                StateCodec.longs(),
                                GroupStateTimeout.NO_TIMEOUT,
                                COUNT_CLICKS)
                        .sink(Sink.topic("click-counts-out").format("json"));

        assertThatThrownBy(builder::build)
                .isInstanceOf(PipelineFileException.class)
                .hasMessageContaining(
                        "errors.topic: the dead-letter topic 'click-counts-out' is also the sink"
                                + " topic at sink.topic");
    }

    @Test
    void shouldRefuseAnEventTimeTimeoutWhenThereIsNoWatermark() {
        PipelineBuilder builder =
                Pipelines.named("click-counts")
                        .source(Source.topic("clicks").format("json").schema(FilePlans.CLICK))
                        .groupBy("user")
                        .mapGroupsWithState(
                                COUNT,
                                StateCodec.longs(),
                                GroupStateTimeout.EVENT_TIME,
                                COUNT_CLICKS)
                        .sink(Sink.console());

        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs a watermark");
    }
}
