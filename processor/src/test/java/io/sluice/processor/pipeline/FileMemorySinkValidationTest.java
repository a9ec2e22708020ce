package io.sluice.processor.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.processor.plan.MemoryTable;
import io.sluice.processor.plan.SinkPlan;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file, memory and foreach sinks in a pipeline file: what is accepted and what is refused. */
class FileMemorySinkValidationTest {
    private static final String HEAD =
            """
            name: test
            source: {topic: invoices, format: json, schema: schemas/invoice.avsc}
            steps:
              - select: [CustomerCardNo, TotalValue]
            """;

    @TempDir Path directory;

    private PipelineFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new PipelineFixture(directory);
    }

    @Test
    void shouldResolveAFileSinkPathAgainstThePipelineFileWhenTypeIsLeftOut() {
        String yaml = HEAD + "sink:\n  path: out\n  format: csv\n";

        SinkPlan sink = fixture.load(yaml).plan().sink();

        assertThat(sink).isInstanceOf(SinkPlan.Files.class);
        SinkPlan.Files files = (SinkPlan.Files) sink;
        assertThat(files.directory()).isEqualTo(directory.resolve("out").toAbsolutePath());
        assertThat(files.extension()).isEqualTo("csv");
        assertThat(files.seesBatchIds()).isTrue();
    }

    @Test
    void shouldPrintAFileSinksDirectoryAndManifestInThePlan() {
        String yaml = HEAD + "sink:\n  type: file\n  path: out\n  format: json\n";

        String plan = fixture.load(yaml).describe();

        assertThat(plan)
                .contains(
                        "  files: " + directory.resolve("out").toAbsolutePath(),
                        "  format: json, one .jsonl file per batch and input partition",
                        "  committed files: listed in _sluice_manifest/");
    }

    @Test
    void shouldRejectAFileSinkInAvro() {
        String yaml = HEAD + "sink:\n  type: file\n  path: out\n  format: avro\n";

        PipelineFileException e = fixture.failure(yaml);

        assertThat(e)
                .hasMessage(
                        fixture.at(
                                "8:11: sink.format: a file sink writes text lines; got format"
                                        + " avro, expected json or csv"));
    }

    @Test
    void shouldRejectAFileSinkWhosePathIsAFile() {
        fixture.write("taken", "x");
        String yaml = HEAD + "sink:\n  type: file\n  path: taken\n  format: json\n";

        PipelineFileException e = fixture.failure(yaml);

        assertThat(e)
                .hasMessage(
                        fixture.at(
                                "7:9: sink.path: "
                                        + directory.resolve("taken").toAbsolutePath()
                                        + " is a file; expected a directory (created if missing)"));
    }

    @Test
    void shouldRejectKafkaKeysOnAFileSink() {
        String yaml = HEAD + "sink:\n  path: out\n  format: json\n  topic: out\n";

        PipelineFileException e = fixture.failure(yaml);

        assertThat(e)
                .hasMessage(
                        fixture.at(
                                "8:3: sink.topic: unknown key; expected one of type, path, format,"
                                        + " options"));
    }

    @Test
    void shouldRejectAFileSinkWithoutFormat() {
        String yaml = HEAD + "sink:\n  path: out\n";

        PipelineFileException e = fixture.failure(yaml);

        assertThat(e.getMessage()).contains("sink.format: missing; expected one of json, csv");
    }

    @Test
    void shouldRegisterTheNamedTableForAMemorySink() {
        String yaml = HEAD + "sink:\n  type: memory\n  name: validation-q\n";

        SinkPlan sink = fixture.load(yaml).plan().sink();

        assertThat(sink).isEqualTo(new SinkPlan.Memory(MemoryTable.named("validation-q")));
    }

    @Test
    void shouldRejectAMemorySinkWithoutName() {
        String yaml = HEAD + "sink:\n  type: memory\n";

        PipelineFileException e = fixture.failure(yaml);

        assertThat(e.getMessage()).contains("sink.name: missing; expected the memory table's name");
    }

    @Test
    void shouldNameTheSinkTypesWhenTheTypeIsUnknown() {
        String yaml = HEAD + "sink:\n  type: files\n";

        PipelineFileException e = fixture.failure(yaml);

        assertThat(e)
                .hasMessage(
                        fixture.at(
                                "6:9: sink.type: unknown value 'files' (did you mean 'file'?);"
                                        + " expected one of kafka, console, file, memory"));
    }

    @Test
    void shouldRejectAForeachSinkInAPipelineFile() {
        String yaml = HEAD + "sink:\n  type: foreach\n";

        PipelineFileException e = fixture.failure(yaml);

        assertThat(e)
                .hasMessage(
                        fixture.at(
                                "6:9: sink.type: a foreach sink calls a Java function, which a"
                                        + " pipeline file cannot name; expected type kafka,"
                                        + " console, file or memory (the Java API has"
                                        + " Sink.foreach)"));
    }
}
