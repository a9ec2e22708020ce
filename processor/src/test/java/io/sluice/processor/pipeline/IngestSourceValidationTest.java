package io.sluice.processor.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.processor.plan.IngestPlan;
import io.sluice.processor.plan.PipelinePlan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file, rate and socket sources of a pipeline file: what they compile to, and rejections. */
class IngestSourceValidationTest {

    @TempDir Path directory;

    private PipelineFixture fixture;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new PipelineFixture(directory);
        Files.createDirectories(directory.resolve("in"));
    }

    @Test
    void shouldReadTheIngestTopicWhenTheSourceIsADirectory() {
        String yaml =
                """
                name: orders
                source:
                  file: in
                  pattern: "*.jsonl"
                  format: json
                  schema: schemas/invoice.avsc
                sink: {type: console}
                """;

        CompiledPipeline compiled = fixture.load(yaml);
        PipelinePlan plan = compiled.plan();

        assertThat(PlanPrinter.print(compiled))
                .contains(
                        "  ingests: files *.jsonl in "
                                + directory.resolve("in")
                                + " (an ingester copies it to the topic below)\n"
                                + "  topics: orders-ingest\n");
        assertThat(plan.source().topics()).containsExactly("orders-ingest");
        assertThat(plan.source().ingest())
                .contains(new IngestPlan.Files(directory.resolve("in"), "*.jsonl", 1));
    }

    @Test
    void shouldGiveRateRowsATimestampAndAValueWhenTheSourceIsARate() {
        String yaml =
                """
                name: ticks
                source:
                  rate: {rowsPerSecond: 50, rampUpTime: 10s}
                  timestamp: timestamp
                  watermark: 5s
                sink: {type: console}
                """;

        PipelinePlan plan = fixture.load(yaml).plan();

        assertThat(plan.source().topics()).containsExactly("ticks-ingest");
        assertThat(plan.source().ingest())
                .contains(new IngestPlan.Rate(50, Duration.ofSeconds(10)));
        assertThat(plan.source().schema().getFields())
                .extracting(f -> f.name())
                .containsExactly("timestamp", "value");
    }

    @Test
    void shouldReadLinesAsAStringValueWhenASocketSourceHasNoFormat() {
        String yaml =
                """
                name: lines
                source:
                  socket: {host: localhost, port: 9999}
                sink: {type: console}
                """;

        PipelinePlan plan = fixture.load(yaml).plan();

        assertThat(plan.source().ingest()).contains(new IngestPlan.Socket("localhost", 9999, true));
        assertThat(plan.source().schema().getFields())
                .extracting(f -> f.name())
                .isEqualTo(List.of("value"));
    }

    @Test
    void shouldRejectADirectoryThatDoesNotExist() {
        String yaml =
                """
                name: orders
                source:
                  file: nope
                  format: json
                  schema: schemas/invoice.avsc
                sink: {type: console}
                """;

        PipelineFileException e = fixture.failure(yaml);

        assertThat(e)
                .hasMessage(
                        fixture.at(
                                "3:9: source.file: directory not found at "
                                        + directory.resolve("nope")
                                        + "; expected an existing directory (create it first)"));
    }

    @Test
    void shouldRejectAFileSourceWithATopic() {
        String yaml =
                """
                name: orders
                source:
                  topic: invoices
                  file: in
                  format: json
                  schema: schemas/invoice.avsc
                sink: {type: console}
                """;

        PipelineFileException e = fixture.failure(yaml);

        assertThat(e)
                .hasMessage(
                        fixture.at(
                                "3:3: source.topic: 'topic' is about Kafka topics and the source"
                                        + " is a file; expected topic or file, not both"));
    }

    @Test
    void shouldRejectAFileSourceInAFormatThatIsNotLines() {
        String yaml =
                """
                name: orders
                source:
                  file: in
                  format: avro
                  schema: schemas/invoice.avsc
                sink: {type: console}
                """;

        PipelineFileException e = fixture.failure(yaml);

        assertThat(e)
                .hasMessage(
                        fixture.at(
                                "4:11: source.format: a file source reads lines; expected format"
                                        + " json or csv (one record a line), got 'avro'"));
    }

    @Test
    void shouldRejectARateOfZeroRowsPerSecond() {
        String yaml =
                """
                name: ticks
                source:
                  rate: {rowsPerSecond: 0}
                sink: {type: console}
                """;

        PipelineFileException e = fixture.failure(yaml);

        assertThat(e)
                .hasMessage(
                        fixture.at(
                                "3:25: source.rate.rowsPerSecond: '0' is not a whole number of at"
                                        + " least 1; expected rows per second, such as 10"));
    }

    @Test
    void shouldRejectASchemaWhenTheSourceIsARate() {
        String yaml =
                """
                name: ticks
                source:
                  rate: {rowsPerSecond: 5}
                  schema: schemas/invoice.avsc
                sink: {type: console}
                """;

        PipelineFileException e = fixture.failure(yaml);

        assertThat(e)
                .hasMessage(
                        fixture.at(
                                "4:3: source.schema: a rate source has its own rows (timestamp,"
                                        + " value); expected no schema"));
    }

    @Test
    void shouldRejectAPortOutOfRange() {
        String yaml =
                """
                name: lines
                source:
                  socket: {host: localhost, port: 70000}
                sink: {type: console}
                """;

        PipelineFileException e = fixture.failure(yaml);

        assertThat(e)
                .hasMessage(
                        fixture.at(
                                "3:35: source.socket.port: '70000' is not a TCP port; expected a"
                                        + " number from 1 to 65535"));
    }

    @Test
    void shouldRejectTwoSourcesOutsideKafka() {
        String yaml =
                """
                name: lines
                source:
                  socket: {host: localhost, port: 9999}
                  rate: {rowsPerSecond: 5}
                sink: {type: console}
                """;

        PipelineFileException e = fixture.failure(yaml);

        assertThat(e)
                .hasMessage(
                        fixture.at(
                                "4:3: source.rate: give one of topic, file, rate or socket;"
                                        + " expected socket alone"));
    }

    @Test
    void shouldRejectARateAsTheStreamOfAStreamStreamJoin() {
        String yaml =
                """
                name: ticks
                source:
                  rate: {rowsPerSecond: 5}
                  timestamp: timestamp
                  watermark: 1s
                steps:
                  - join:
                      stream: {rate: {rowsPerSecond: 5}, timestamp: timestamp, watermark: 1s}
                      on: value
                sink: {type: console}
                """;

        PipelineFileException e = fixture.failure(yaml);

        assertThat(e.getMessage())
                .contains(
                        "steps[0].join.stream.rate: a joined stream is read from Kafka; expected"
                                + " topic (a rate source is only the pipeline's own source)");
    }

    @Test
    void shouldRejectAPatternWithoutAFileSource() {
        String yaml =
                """
                name: orders
                source:
                  topic: invoices
                  pattern: "*.jsonl"
                  format: json
                  schema: schemas/invoice.avsc
                sink: {type: console}
                """;

        PipelineFileException e = fixture.failure(yaml);

        assertThat(e)
                .hasMessage(
                        fixture.at(
                                "4:3: source.pattern: 'pattern' belongs to a file source; expected"
                                        + " it with file: <directory>"));
    }
}
