package io.sluice.processor.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rejections of topic loops: a pipeline that would read what it writes, or write its internals. */
class TopicLoopValidationTest {
    private static final String SOURCE =
            """
            name: orders
            source:
              topics: [orders-eu, orders-us]
              format: json
              schema: schemas/invoice.avsc
            """;
    private static final String SINK = "sink:\n  topic: orders-out\n  format: json\n";

    /** Lines 6 to 10: a stream-stream join of clicks; its topic is at line 8, column 23. */
    private static final String STREAM_JOIN =
            """
            steps:
              - join:
                  stream: {topic: clicks, format: json, schema: schemas/invoice.avsc}
                  on: InvoiceNumber
                  columns: [InvoiceNumber]
            """;

    private static final String INTERNAL_NAMES =
            "orders-repartition, orders-<store>-changelog, orders-batch-plans, orders-members,"
                    + " orders-ingest, orders-ingest-files and orders-dstream-checkpoint";

    @TempDir Path directory;

    private PipelineFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new PipelineFixture(directory);
    }

    @Test
    void shouldRejectTheSinkTopicWhenItIsOneOfTheSourceTopics() {
        String yaml = SOURCE + "sink:\n  topic: orders-us\n  format: json\n";

        PipelineFileException e = fixture.failure(yaml);

        assertThat(e)
                .hasMessage(
                        fixture.at(
                                "7:10: sink.topic: the sink topic 'orders-us' is also the source"
                                        + " topic at source.topics[1]: the pipeline would read its"
                                        + " own output and write it again, forever; expected a"
                                        + " sink topic the pipeline does not read"));
    }

    @Test
    void shouldRejectTheDeadLetterTopicWhenItIsASourceTopic() {
        String yaml = SOURCE + "errors:\n  topic: orders-eu\n" + SINK;

        PipelineFileException e = fixture.failure(yaml);

        assertThat(e)
                .hasMessage(
                        fixture.at(
                                "7:10: errors.topic: the dead-letter topic 'orders-eu' is also"
                                        + " the source topic at source.topics[0]: a record that"
                                        + " fails would be read again, fail again and be written"
                                        + " there again, forever; expected a dead-letter topic the"
                                        + " pipeline does not read"));
    }

    @Test
    void shouldRejectTheDeadLetterTopicWhenItIsTheSinkTopic() {
        String yaml = SOURCE + "errors: {policy: dead-letter, topic: orders-out}\n" + SINK;

        PipelineFileException e = fixture.failure(yaml);

        assertThat(e)
                .hasMessage(
                        fixture.at(
                                "6:38: errors.topic: the dead-letter topic 'orders-out' is also"
                                        + " the sink topic at sink.topic: records that failed"
                                        + " would be written among the output rows, where readers"
                                        + " of the sink topic would take them for output; expected"
                                        + " a dead-letter topic apart from the sink topic"));
    }

    @Test
    void shouldRejectASourceTopicWhenItIsTheDefaultDeadLetterTopic() {
        String yaml =
                """
                name: orders
                source: {topic: orders-dlq, format: json, schema: schemas/invoice.avsc}
                """
                        + SINK;

        PipelineFileException e = fixture.failure(yaml);

        assertThat(e)
                .hasMessage(
                        fixture.at(
                                "2:17: source.topic: the source topic 'orders-dlq' is also the"
                                        + " pipeline's dead-letter topic (by default <name>-dlq):"
                                        + " a record that fails would be read again, fail again"
                                        + " and be written there again, forever; expected another"
                                        + " source topic, or errors.topic naming another"
                                        + " dead-letter topic"));
    }

    @Test
    void shouldRejectTheSinkTopicWhenItIsTheDefaultDeadLetterTopic() {
        String yaml = SOURCE + "sink:\n  topic: orders-dlq\n  format: json\n";

        PipelineFileException e = fixture.failure(yaml);

        assertThat(e)
                .hasMessage(
                        fixture.at(
                                "7:10: sink.topic: the sink topic 'orders-dlq' is also the"
                                        + " pipeline's dead-letter topic (by default <name>-dlq):"
                                        + " records that failed would be written among the output"
                                        + " rows, where readers of the sink topic would take them"
                                        + " for output; expected another sink topic, or"
                                        + " errors.topic naming another dead-letter topic"));
    }

    @Test
    void shouldAcceptTheDefaultDeadLetterTopicAsSinkWhenBadRecordsAreSkipped() {
        String yaml =
                SOURCE + "errors: {policy: skip}\nsink:\n  topic: orders-dlq\n  format: json\n";

        CompiledPipeline pipeline = fixture.load(yaml);

        assertThat(pipeline.plan().name()).isEqualTo("orders");
    }

    @Test
    void shouldRejectTheSinkTopicWhenItIsTheRepartitionTopic() {
        String yaml = SOURCE + "sink:\n  topic: orders-repartition\n  format: json\n";

        PipelineFileException e = fixture.failure(yaml);

        assertThat(e)
                .hasMessage(
                        fixture.at(
                                "7:10: sink.topic: 'orders-repartition' is the repartition topic"
                                        + " of pipeline 'orders', which only the engine reads and"
                                        + " writes; expected a topic not named like an internal"
                                        + " topic ("
                                        + INTERNAL_NAMES
                                        + ")"));
    }

    @Test
    void shouldRejectASourceTopicWhenItIsNamedLikeAChangelogTopic() {
        String yaml =
                """
                name: orders
                source:
                  topics: [orders-eu, orders-windows-changelog]
                  format: json
                  schema: schemas/invoice.avsc
                """
                        + SINK;

        PipelineFileException e = fixture.failure(yaml);

        assertThat(e)
                .hasMessage(
                        fixture.at(
                                "3:23: source.topics[1]: 'orders-windows-changelog' is named like"
                                        + " the changelog topic of a state store of pipeline"
                                        + " 'orders' (orders-<store>-changelog), which only the"
                                        + " engine reads and writes; expected a topic not named"
                                        + " like an internal topic ("
                                        + INTERNAL_NAMES
                                        + ")"));
    }

    @Test
    void shouldRejectTheDeadLetterTopicWhenItIsTheCheckpointTopic() {
        String yaml = SOURCE + "errors:\n  topic: orders-dstream-checkpoint\n" + SINK;

        PipelineFileException e = fixture.failure(yaml);

        assertThat(e.getMessage())
                .startsWith(
                        fixture.at(
                                "7:10: errors.topic: 'orders-dstream-checkpoint' is the checkpoint"
                                        + " topic of a DStream job named 'orders'"));
    }

    @Test
    void shouldRejectTheSinkTopicWhenItIsTheJoinedStreamsTopic() {
        String yaml = SOURCE + STREAM_JOIN + "sink:\n  topic: clicks\n  format: json\n";

        PipelineFileException e = fixture.failure(yaml);

        assertThat(e)
                .hasMessage(
                        fixture.at(
                                "12:10: sink.topic: the sink topic 'clicks' is also the source"
                                        + " topic at steps[0].join.stream.topic: the pipeline would"
                                        + " read its own output and write it again, forever;"
                                        + " expected a sink topic the pipeline does not read"));
    }

    @Test
    void shouldRejectTheDeadLetterTopicWhenItIsTheJoinedStreamsTopic() {
        String yaml = SOURCE + STREAM_JOIN + "errors:\n  topic: clicks\n" + SINK;

        PipelineFileException e = fixture.failure(yaml);

        assertThat(e.getMessage())
                .startsWith(
                        fixture.at(
                                "12:10: errors.topic: the dead-letter topic 'clicks' is also the"
                                        + " source topic at steps[0].join.stream.topic: "));
    }

    @Test
    void shouldRejectTheJoinedStreamsTopicWhenTheSourceReadsItToo() {
        String yaml = SOURCE + STREAM_JOIN.replace("topic: clicks", "topic: orders-us") + SINK;

        PipelineFileException e = fixture.failure(yaml);

        assertThat(e)
                .hasMessage(
                        fixture.at(
                                "8:23: steps[0].join.stream.topic: the stream topic 'orders-us' is"
                                        + " also the source topic at source.topics[1]: the"
                                        + " pipeline reads each record once, and would take the"
                                        + " source's records for the stream's (a self-join is not"
                                        + " supported); expected a stream topic the source does not"
                                        + " read"));
    }

    @Test
    void shouldRejectTheJoinedStreamsTopicWhenItIsNamedLikeAnInternalTopic() {
        String yaml =
                SOURCE + STREAM_JOIN.replace("topic: clicks", "topic: orders-repartition") + SINK;

        PipelineFileException e = fixture.failure(yaml);

        assertThat(e.getMessage())
                .startsWith(
                        fixture.at(
                                "8:23: steps[0].join.stream.topic: 'orders-repartition' is the"
                                        + " repartition topic of pipeline 'orders'"));
    }

    @Test
    void shouldAcceptTopicsWhenTheyOnlyShareThePipelinesNameAsPrefix() {
        String yaml =
                """
                name: orders
                source: {topic: orders-changelog, format: json, schema: schemas/invoice.avsc}
                errors: {topic: orders-repartition-dlq}
                sink: {topic: orders, format: json}
                """;

        CompiledPipeline pipeline = fixture.load(yaml);

        assertThat(pipeline.plan().deadLetterTopic()).isEqualTo("orders-repartition-dlq");
    }
}
