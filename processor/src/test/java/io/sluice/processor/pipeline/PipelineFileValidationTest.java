package io.sluice.processor.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rejections of the file as a whole and its top-level keys. */
class PipelineFileValidationTest {

    @TempDir Path directory;

    private PipelineFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new PipelineFixture(directory);
    }

    @Test
    void shouldSuggestTheClosestKeyWhenATopLevelKeyIsUnknown() {
        String yaml =
                """
                name: test
                source:
                  topic: invoices
                  format: json
                  schema: schemas/invoice.avsc
                sinks:
                  type: console
                """;

        PipelineFileException e = fixture.failure(yaml);

        assertThat(e)
                .hasMessage(
                        fixture.at(
                                "6:1: sinks: unknown key (did you mean 'sink'?); expected one of"
                                        + " name, source, output, trigger, maxRecordsPerBatch,"
                                        + " errors, steps, sink"));
        assertThat(e.line()).isEqualTo(6);
        assertThat(e.column()).isEqualTo(1);
        assertThat(e.keyPath()).isEqualTo("sinks");
    }

    @Test
    void shouldNameTheMissingKeyAtItsParentWhenARequiredKeyIsMissing() {
        String yaml =
                """
                name: test
                source:
                  topic: invoices
                  format: json
                sink: {type: console}
                """;

        PipelineFileException e = fixture.failure(yaml);

        assertThat(e)
                .hasMessage(
                        fixture.at(
                                "3:3: source.schema: missing; expected the path of the Avro schema"
                                        + " of the rows (.avsc), relative to the pipeline file"));
    }

    @Test
    void shouldRejectTheFileWhenTheSinkIsMissing() {
        String yaml =
                """
                name: test
                source: {topic: invoices, format: json, schema: schemas/invoice.avsc}
                """;

        PipelineFileException e = fixture.failure(yaml);

        assertThat(e)
                .hasMessage(
                        fixture.at("1:1: sink: missing; expected a mapping with topic and format"));
    }

    @Test
    void shouldSayWhatWasFoundWhenAValueHasTheWrongType() {
        String yaml =
                """
                name: test
                source: [invoices]
                sink: {type: console}
                """;

        PipelineFileException e = fixture.failure(yaml);

        assertThat(e)
                .hasMessage(
                        fixture.at(
                                "2:9: source: got a list; expected a mapping with topic, format and"
                                        + " schema"));
    }

    @Test
    void shouldRejectAPipelineNameThatCannotNameAConsumerGroup() {
        String yaml =
                """
                name: my pipeline
                source: {topic: invoices, format: json, schema: schemas/invoice.avsc}
                sink: {type: console}
                """;

        PipelineFileException e = fixture.failure(yaml);

        assertThat(e)
                .hasMessage(
                        fixture.at(
                                "1:7: name: 'my pipeline' is not a valid pipeline name; expected a"
                                        + " name of letters, digits, '.', '_' and '-', at most 200"
                                        + " characters"));
    }

    @Test
    void shouldRejectAWholeNumberKeyWhenItIsNotANumber() {
        String yaml =
                """
                name: test
                source: {topic: invoices, format: json, schema: schemas/invoice.avsc}
                maxRecordsPerBatch: lots
                sink: {type: console}
                """;

        PipelineFileException e = fixture.failure(yaml);

        assertThat(e)
                .hasMessage(
                        fixture.at(
                                "3:21: maxRecordsPerBatch: 'lots' is not a whole number of at least"
                                        + " 1; expected a number such as 1000"));
    }

    @Test
    void shouldPointAtTheSecondKeyWhenAKeyIsRepeated() {
        String yaml =
                """
                name: test
                source: {topic: invoices, format: json, schema: schemas/invoice.avsc}
                sink: {type: console}
                name: again
                """;

        PipelineFileException e = fixture.failure(yaml);

        assertThat(e)
                .hasMessage(
                        fixture.at(
                                "4:1: name: duplicate key (first at line 1); expected each key once"));
    }

    @Test
    void shouldGiveTheLineOfTheProblemWhenTheYamlIsInvalid() {
        String yaml =
                """
                name: test
                source:
                  topic: [invoices
                  format: json
                """;

        PipelineFileException e = fixture.failure(yaml);

        assertThat(e.getMessage()).startsWith(fixture.at("4:9: not valid YAML: "));
        assertThat(e.keyPath()).isEmpty();
    }

    @Test
    void shouldRejectAnEmptyFile() {
        String yaml = "# nothing here\n";

        PipelineFileException e = fixture.failure(yaml);

        assertThat(e)
                .hasMessage(
                        directory.resolve("pipeline.yaml")
                                + ": the file is empty; expected a mapping with name, source, steps"
                                + " and sink");
    }

    @Test
    void shouldRejectAMissingFile() {
        Path missing = directory.resolve("nope.yaml");

        PipelineFileException e =
                catchThrowableOfType(PipelineFileException.class, () -> PipelineFile.load(missing));

        assertThat(e).hasMessage(missing + ": file not found; expected a pipeline file");
    }
}
