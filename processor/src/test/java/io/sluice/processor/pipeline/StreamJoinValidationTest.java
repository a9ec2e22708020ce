package io.sluice.processor.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.processor.stateful.JoinCondition;
import io.sluice.processor.stateful.JoinKind;
import io.sluice.processor.stateful.StreamJoinOperator;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Rejections of stream-stream join steps, with file, line and column, and a plan that loads. */
class StreamJoinValidationTest {
    /** Lines 1 to 10; the stream is on line 11 (column 7), the next key on line 12. */
    private static final String HEAD =
            """
            name: test
            source:
              topic: impressions
              format: json
              schema: schemas/impression.avsc
              timestamp: ShownAt
              watermark: 10m
            sink: {type: console}
            steps:
              - join:
            """;

    private static final String STREAM =
            "      stream: {topic: clicks, format: json, schema: schemas/click.avsc,"
                    + " timestamp: ClickedAt, watermark: 20m}\n";

    private static final String ON = "      on: AdID\n";

    private static final String IMPRESSION_SCHEMA =
            """
            {"type": "record", "name": "Impression", "fields": [
              {"name": "Id", "type": "string"},
              {"name": "AdID", "type": ["null", "string"], "default": null},
              {"name": "ShownAt", "type": {"type": "long", "logicalType": "timestamp-millis"}}
            ]}
            """;

    private static final String CLICK_SCHEMA =
            """
            {"type": "record", "name": "Click", "fields": [
              {"name": "ClickId", "type": "string"},
              {"name": "AdID", "type": "string"},
              {"name": "ClickedAd", "type": "string"},
              {"name": "ClickedAt", "type": {"type": "long", "logicalType": "timestamp-millis"}}
            ]}
            """;

    private static final String CLICK_COLUMNS = "ClickId, AdID, ClickedAd, ClickedAt";

    @TempDir Path directory;

    private PipelineFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new PipelineFixture(directory);
        fixture.write("schemas/impression.avsc", IMPRESSION_SCHEMA);
        fixture.write("schemas/click.avsc", CLICK_SCHEMA);
    }

    @Test
    void shouldReadTheJoinedStreamThroughASchemaRegistryAsTheSourceIs() {
        String yaml =
                HEAD
                        + "      stream: {topic: clicks, format: avro, schema: schemas/click.avsc,"
                        + " timestamp: ClickedAt, watermark: 20m, registry: true}\n"
                        + ON;

        assertThat(fixture.failure(yaml).getMessage())
                .startsWith(fixture.at("11:"))
                .contains(
                        "steps[0].join.stream.registry: no schema registry is configured;"
                                + " expected schema.registry.url");
    }

    @Test
    void shouldSuggestTheLeftColumnWhenTheOnColumnIsUnknownOnTheLeft() {
        String yaml = HEAD + STREAM + "      on: AdId\n";

        assertThat(fixture.failure(yaml))
                .hasMessage(
                        fixture.at(
                                "12:11: steps[0].join.on: unknown column 'AdId' (did you mean"
                                        + " 'AdID'?); columns are: Id, AdID, ShownAt"));
    }

    @Test
    void shouldSayHowToNameBothKeysWhenTheOnColumnIsUnknownOnTheStream() {
        fixture.write("schemas/click.avsc", CLICK_SCHEMA.replace("\"AdID\"", "\"AdId\""));
        String yaml = HEAD + STREAM + ON;

        assertThat(fixture.failure(yaml))
                .hasMessage(
                        fixture.at(
                                "12:11: steps[0].join.on: the stream has no column 'AdID'; give"
                                        + " {left: column, right: column} when the names differ;"
                                        + " unknown column 'AdID' (did you mean 'AdId'?); columns"
                                        + " are: ClickId, AdId, ClickedAd, ClickedAt"));
    }

    @Test
    void shouldPointAtTheLeftKeyWhenItIsUnknownInTheLeftRightForm() {
        String yaml = HEAD + STREAM + "      on: {left: AdId, right: ClickedAd}\n";

        assertThat(fixture.failure(yaml))
                .hasMessage(
                        fixture.at(
                                "12:18: steps[0].join.on.left: unknown column 'AdId' (did you"
                                        + " mean 'AdID'?); columns are: Id, AdID, ShownAt"));
    }

    @Test
    void shouldPointAtTheRightKeyWhenItIsUnknownInTheLeftRightForm() {
        String yaml = HEAD + STREAM + "      on: {left: AdID, right: ClickedAdd}\n";

        assertThat(fixture.failure(yaml))
                .hasMessage(
                        fixture.at(
                                "12:31: steps[0].join.on.right: unknown column 'ClickedAdd' (did"
                                        + " you mean 'ClickedAd'?); columns are: "
                                        + CLICK_COLUMNS));
    }

    @Test
    void shouldSuggestRightWhenTheLeftRightFormHasAMisspeltKey() {
        String yaml = HEAD + STREAM + "      on: {left: AdID, rigth: ClickedAd}\n";

        assertThat(fixture.failure(yaml))
                .hasMessage(
                        fixture.at(
                                "12:24: steps[0].join.on.rigth: unknown key (did you mean"
                                        + " 'right'?); expected one of left, right"));
    }

    @Test
    void shouldRejectAnOuterJoinWhenItHasNoTimeCondition() {
        String yaml = HEAD + STREAM + ON + "      type: left\n";

        assertThat(fixture.failure(yaml))
                .hasMessage(
                        fixture.at(
                                "13:7: steps[0].join.type: a left join without a time condition"
                                        + " could never emit its rows without a match; expected"
                                        + " between: [lower, upper] or window: size"));
    }

    @Test
    void shouldRejectALeftSemiJoinWhenItHasNoTimeCondition() {
        String yaml = HEAD + STREAM + ON + "      type: leftSemi\n";

        assertThat(fixture.failure(yaml))
                .hasMessage(
                        fixture.at(
                                "13:7: steps[0].join.type: a leftSemi join without a time"
                                        + " condition keeps every row for good; expected between:"
                                        + " [lower, upper] or window: size"));
    }

    @Test
    void shouldRejectATimeConditionWhenTheSourceHasNoWatermark() {
        String yaml =
                HEAD.replace("  watermark: 10m\n", "") + STREAM + ON + "      between: [0s, 1h]\n";

        assertThat(fixture.failure(yaml))
                .hasMessage(
                        fixture.at(
                                "12:7: steps[0].join.between: a time condition drops rows once the"
                                        + " watermark passes them, and the source has no"
                                        + " watermark; expected watermark: on both source and"
                                        + " stream"));
    }

    @Test
    void shouldRejectATimeConditionWhenTheStreamHasNoWatermark() {
        String yaml = HEAD + STREAM.replace(", watermark: 20m", "") + ON + "      window: 15m\n";

        assertThat(fixture.failure(yaml))
                .hasMessage(
                        fixture.at(
                                "13:7: steps[0].join.window: a time condition drops rows once the"
                                        + " watermark passes them, and the stream has no"
                                        + " watermark; expected watermark: on both source and"
                                        + " stream"));
    }

    @Test
    void shouldRejectBetweenWhenItHasOneBound() {
        String yaml = HEAD + STREAM + ON + "      between: [1h]\n";

        assertThat(fixture.failure(yaml))
                .hasMessage(
                        fixture.at(
                                "13:16: steps[0].join.between: expected two bounds [lower, upper]"
                                        + " of the right time minus the left time, such as [0s,"
                                        + " 1h] or [-5m, 5m]"));
    }

    @Test
    void shouldRejectBetweenWhenItIsOneDurationInsteadOfAList() {
        String yaml = HEAD + STREAM + ON + "      between: 1h\n";

        assertThat(fixture.failure(yaml))
                .hasMessage(
                        fixture.at(
                                "13:16: steps[0].join.between: got '1h'; expected a list [lower,"
                                        + " upper] of durations, such as [0s, 1h]"));
    }

    @Test
    void shouldRejectBetweenWhenTheUpperBoundIsBelowTheLowerOne() {
        String yaml = HEAD + STREAM + ON + "      between: [-5m, -10m]\n";

        assertThat(fixture.failure(yaml))
                .hasMessage(
                        fixture.at(
                                "13:16: steps[0].join.between: the upper bound is below the lower"
                                        + " one; expected [lower, upper]"));
    }

    @Test
    void shouldPointAtTheBoundWhenItIsNotADuration() {
        String yaml = HEAD + STREAM + ON + "      between: [0s, 1 hour]\n";

        assertThat(fixture.failure(yaml))
                .hasMessage(
                        fixture.at(
                                "13:21: steps[0].join.between[1]: '1 hour' is not a duration;"
                                        + " expected a duration such as 500ms, 1s, 30m, 1h, 2d or"
                                        + " PT30M, perhaps with a leading -"));
    }

    @Test
    void shouldRejectTheStepWhenItHasBothBetweenAndWindow() {
        String yaml = HEAD + STREAM + ON + "      between: [0s, 1h]\n" + "      window: 15m\n";

        assertThat(fixture.failure(yaml))
                .hasMessage(
                        fixture.at(
                                "14:7: steps[0].join.window: give between or window, not both;"
                                        + " expected one"));
    }

    @Test
    void shouldRejectAWindowWhenItsSizeIsZero() {
        String yaml = HEAD + STREAM + ON + "      window: 0s\n";

        assertThat(fixture.failure(yaml))
                .hasMessage(
                        fixture.at(
                                "13:15: steps[0].join.window: a window of zero; expected a"
                                        + " positive duration, such as 15m"));
    }

    @Test
    void shouldRejectAColumnWhenBothSidesHaveIt() {
        fixture.write("schemas/click.avsc", CLICK_SCHEMA.replace("\"ClickId\"", "\"Id\""));
        String yaml = HEAD + STREAM + ON;

        assertThat(fixture.failure(yaml))
                .hasMessage(
                        fixture.at(
                                "11:7: steps[0].join: column 'Id' is on both sides; rename it on"
                                        + " the left first, or list the right columns to add under"
                                        + " columns"));
    }

    @Test
    void shouldAcceptTheSharedColumnNameWhenColumnsLeavesItOut() {
        fixture.write("schemas/click.avsc", CLICK_SCHEMA.replace("\"ClickId\"", "\"Id\""));
        String yaml = HEAD + STREAM + ON + "      columns: [ClickedAt]\n";

        CompiledPipeline pipeline = fixture.load(yaml);

        assertThat(TypeNames.fields(pipeline.plan().stateful().get().operator().outputSchema()))
                .isEqualTo(
                        "Id string, AdID nullable string, ShownAt timestamp-millis, ClickedAt"
                                + " timestamp-millis");
    }

    @Test
    void shouldRejectSameNamedKeysOfTwoTypesWhenRightRowsMayComeOutAlone() {
        fixture.write(
                "schemas/click.avsc",
                CLICK_SCHEMA.replace(
                        "{\"name\": \"AdID\", \"type\": \"string\"}",
                        "{\"name\": \"AdID\", \"type\": \"long\"}"));
        String yaml = HEAD + STREAM + ON + "      type: full\n" + "      between: [0s, 1h]\n";

        assertThat(fixture.failure(yaml))
                .hasMessage(
                        fixture.at(
                                "11:7: steps[0].join: the key column 'AdID' is string on the left"
                                        + " and long on the right, and the full join's right rows"
                                        + " without a match would put their long key in it;"
                                        + " expected key columns of one type"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"startingOffsets: latest", "idleTimeout: 1m", "partitionedBy: [AdID]"})
    void shouldRejectASourceOnlyKeyWhenTheStreamSetsIt(String setting) {
        String key = setting.substring(0, setting.indexOf(':'));
        String yaml =
                HEAD
                        + "      stream: {topic: clicks, format: json, schema: schemas/click.avsc, "
                        + setting
                        + "}\n"
                        + ON;

        assertThat(fixture.failure(yaml))
                .hasMessage(
                        fixture.at(
                                "11:73: steps[0].join.stream."
                                        + key
                                        + ": "
                                        + key
                                        + " is the source's to set, for both streams; expected it"
                                        + " under source"));
    }

    @Test
    void shouldRejectASecondStatefulStepWhenItFollowsTheJoin() {
        String yaml = HEAD + STREAM + ON + "  - dropDuplicates: [Id]\n";

        assertThat(fixture.failure(yaml))
                .hasMessage(
                        fixture.at(
                                "13:5: steps[1].dropDuplicates: a second stateful step"
                                        + " (dropDuplicates, after a stream-stream join at line"
                                        + " 10); a pipeline has at most one stateful step"
                                        + " (dropDuplicates, an aggregation or a stream-stream"
                                        + " join); expected one of them, with stateless steps"
                                        + " before and after it"));
    }

    @Test
    void shouldRejectTheJoinWhenAnAggregationComesBefore() {
        String yaml =
                HEAD.replace(
                                "  - join:\n",
                                "  - window: {type: tumbling, size: 15m}\n"
                                        + "    groupBy: [AdID]\n"
                                        + "    aggregate: {Shown: \"count(*)\"}\n"
                                        + "  - join:\n")
                        + STREAM
                        + ON;

        assertThat(fixture.failure(yaml))
                .hasMessage(
                        fixture.at(
                                "13:5: steps[1].join: a second stateful step (a stream-stream"
                                        + " join, after an aggregation at line 10); a pipeline has"
                                        + " at most one stateful step (dropDuplicates, an"
                                        + " aggregation or a stream-stream join); expected one of"
                                        + " them, with stateless steps before and after it"));
    }

    @Test
    void shouldRejectOutputUpdateWhenTheStatefulStepIsAStreamJoin() {
        String yaml =
                HEAD.replace("sink: {type: console}\n", "sink: {type: console}\noutput: update\n")
                        + STREAM
                        + ON;

        assertThat(fixture.failure(yaml))
                .hasMessage(
                        fixture.at(
                                "9:9: output: output mode 'update' needs an aggregation step, and"
                                        + " a stream-stream join emits each joined row once;"
                                        + " expected append"));
    }

    @Test
    void shouldSuggestTheTypeWhenTheJoinTypeIsUnknown() {
        String yaml = HEAD + STREAM + ON + "      type: ful\n" + "      between: [0s, 1h]\n";

        assertThat(fixture.failure(yaml))
                .hasMessage(
                        fixture.at(
                                "13:13: steps[0].join.type: unknown value 'ful' (did you mean"
                                        + " 'full'?); expected one of inner, left, right, full,"
                                        + " leftSemi"));
    }

    @Test
    void shouldSuggestBetweenWhenAKeyOfTheStepIsMisspelt() {
        String yaml = HEAD + STREAM + ON + "      betwen: [0s, 1h]\n";

        assertThat(fixture.failure(yaml))
                .hasMessage(
                        fixture.at(
                                "13:7: steps[0].join.betwen: unknown key (did you mean"
                                        + " 'between'?); expected one of stream, on, type,"
                                        + " between, window, columns"));
    }

    @Test
    void shouldCompileEveryPartOfTheJoinWhenTheStepIsValid() {
        String yaml =
                HEAD
                        + STREAM
                        + "      on: {left: AdID, right: ClickedAd}\n"
                        + "      type: full\n"
                        + "      between: [-5m, 1h]\n"
                        + "      columns: [ClickId, ClickedAt]\n";

        CompiledPipeline pipeline = fixture.load(yaml);

        StreamJoinOperator join = (StreamJoinOperator) pipeline.plan().stateful().get().operator();
        assertThat(join.kind()).isEqualTo(JoinKind.FULL);
        assertThat(join.condition())
                .isEqualTo(new JoinCondition.Between(Duration.ofMinutes(-5), Duration.ofHours(1)));
        assertThat(join.delay("clicks")).contains(Duration.ofMinutes(20));
        assertThat(pipeline.plan().source().allTopics()).containsExactly("impressions", "clicks");
        assertThat(TypeNames.fields(join.outputSchema()))
                .isEqualTo(
                        "Id nullable string, AdID nullable string, ShownAt nullable"
                                + " timestamp-millis, ClickId nullable string, ClickedAt nullable"
                                + " timestamp-millis");
    }
}
