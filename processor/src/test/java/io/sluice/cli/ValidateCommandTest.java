package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ValidateCommandTest {
    private static final Path NOTIFICATIONS =
            Path.of("..", "topologies", "invoice-notifications", "pipeline.yaml");

    @TempDir Path directory;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int validate(Path file) {
        CommandLine command =
                new CommandLine(new ValidateCommand())
                        .setOut(new PrintWriter(out))
                        .setErr(new PrintWriter(err));
        return command.execute(file.toString());
    }

    @Test
    void shouldPrintThePlanAndExitZeroWhenThePipelineIsValid() {
        int exit = validate(NOTIFICATIONS);

        assertThat(exit).isEqualTo(SluiceMain.EXIT_OK);
        assertThat(out.toString())
                .startsWith("pipeline invoice-notifications (" + NOTIFICATIONS + ")\n")
                .contains("  topics: invoices\n")
                .contains(
                        "  2. select CustomerCardNo, TotalAmount = TotalValue, EarnedLoyaltyPoints = round(TotalValue * 0.2, 2)\n")
                .contains("  topic: notifications (created if missing)\n")
                .endsWith(NOTIFICATIONS + " is valid." + System.lineSeparator());
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void shouldSayADirectoryIsNotAPipelineFileAndExitTwo() {
        int exit = validate(directory);

        assertThat(exit).isEqualTo(SluiceMain.EXIT_INVALID);
        assertThat(err.toString())
                .contains(
                        "sluice: "
                                + directory
                                + ": is a directory; expected a pipeline file, such as "
                                + directory.resolve("pipeline.yaml"))
                .doesNotContain("YAML");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void shouldPrintTheLocatedErrorAndExitTwoWhenThePipelineIsInvalid() throws IOException {
        Path file = directory.resolve("pipeline.yaml");
        Files.writeString(file, "name: broken\nsource: [x]\n");

        int exit = validate(file);

        assertThat(exit).isEqualTo(SluiceMain.EXIT_INVALID);
        assertThat(err.toString())
                .contains(
                        "sluice: "
                                + file
                                + ":2:9: source: got a list; expected a mapping with topic, format"
                                + " and schema");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void shouldExitTwoNamingBothTopicsWhenTheSinkTopicIsTheSourceTopic() throws IOException {
        Path file = directory.resolve("pipeline.yaml");
        Files.writeString(
                directory.resolve("row.avsc"),
                "{\"type\": \"record\", \"name\": \"Row\", \"fields\": ["
                        + "{\"name\": \"id\", \"type\": \"string\"}]}");
        Files.writeString(
                file,
                """
                name: echo
                source: {topic: invoices, format: json, schema: row.avsc}
                sink:
                  topic: invoices
                  format: json
                """);

        int exit = validate(file);

        assertThat(exit).isEqualTo(SluiceMain.EXIT_INVALID);
        assertThat(err.toString())
                .contains(
                        "sluice: "
                                + file
                                + ":4:10: sink.topic: the sink topic 'invoices' is also the source"
                                + " topic at source.topic: the pipeline would read its own output"
                                + " and write it again, forever;");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void shouldPointAtTheLineAndColumnOfABrokenSchemaFileWithoutJacksonsTextWhenValidating()
            throws IOException {
        Path pipeline = directory.resolve("pipeline.yaml");
        Files.writeString(
                pipeline,
                "name: broken-schema\nsource: {topic: in, format: json, schema: bad.avsc}\n"
                        + "sink: {topic: out, format: json}\n");
        Path schema = directory.resolve("bad.avsc");
        Files.writeString(
                schema, "{\n  \"type\": \"record\",\n  \"name\": \"R\",\n  \"fields\": [,]\n}\n");

        int exit = validate(pipeline);

        assertThat(exit).isEqualTo(SluiceMain.EXIT_INVALID);
        assertThat(err.toString())
                .contains(
                        "invalid Avro schema in "
                                + schema
                                + ":4:14: Unexpected character (',' (code 44)): expected a valid"
                                + " value (JSON String, Number, Array, Object or token 'null',"
                                + " 'true' or 'false'); expected an Avro schema (.avsc)")
                .doesNotContain("[Source:")
                .doesNotContain("com.fasterxml");
        assertThat(out.toString()).isEmpty();
    }
}
