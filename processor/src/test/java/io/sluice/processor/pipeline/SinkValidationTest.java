package io.sluice.processor.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rejections of the sink: its keys, its schema against the steps' rows, its key expression. */
class SinkValidationTest {
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
    void shouldRejectKafkaKeysOnAConsoleSink() {
        String yaml = HEAD + "sink:\n  type: console\n  topic: out\n";

        PipelineFileException e = fixture.failure(yaml);

        assertThat(e)
                .hasMessage(
                        fixture.at("7:3: sink.topic: unknown key; expected one of type, maxRows"));
    }

    @Test
    void shouldRejectASinkSchemaFieldTheStepsDoNotProduce() {
        fixture.write(
                "schemas/out.avsc",
                """
                {"type": "record", "name": "Out", "fields": [
                  {"name": "CustomerCardNo", "type": ["null", "string"]},
                  {"name": "Points", "type": "double"}]}
                """);
        String yaml = HEAD + "sink:\n  topic: out\n  format: json\n  schema: schemas/out.avsc\n";

        PipelineFileException e = fixture.failure(yaml);

        assertThat(e)
                .hasMessage(
                        fixture.at(
                                "8:11: sink.schema: field 'Points' of Out is not produced by the"
                                        + " steps and has no default; expected the steps to produce"
                                        + " it, or a default in the schema (the steps produce:"
                                        + " CustomerCardNo, TotalValue)"));
    }

    @Test
    void shouldRejectASinkSchemaThatCannotHoldNullsTheStepsProduce() {
        fixture.write(
                "schemas/out.avsc",
                """
                {"type": "record", "name": "Out", "fields": [
                  {"name": "CustomerCardNo", "type": "string"},
                  {"name": "TotalValue", "type": "double"}]}
                """);
        String yaml = HEAD + "sink:\n  topic: out\n  format: json\n  schema: schemas/out.avsc\n";

        PipelineFileException e = fixture.failure(yaml);

        assertThat(e)
                .hasMessage(
                        fixture.at(
                                "8:11: sink.schema: field 'CustomerCardNo' is nullable string in"
                                        + " the rows the steps produce but string in Out; expected"
                                        + " a type the produced values can be written as (a"
                                        + " nullable value needs [\"null\", ...] in the sink"
                                        + " schema)"));
    }

    @Test
    void shouldRejectASinkSchemaWithAnIncompatibleType() {
        fixture.write(
                "schemas/out.avsc",
                """
                {"type": "record", "name": "Out", "fields": [
                  {"name": "TotalValue", "type": "int"}]}
                """);
        String yaml = HEAD + "sink:\n  topic: out\n  format: json\n  schema: schemas/out.avsc\n";

        PipelineFileException e = fixture.failure(yaml);

        assertThat(e)
                .hasMessage(
                        fixture.at(
                                "8:11: sink.schema: field 'TotalValue' is double in the rows the"
                                        + " steps produce but int in Out; expected a type the"
                                        + " produced values can be written as"));
    }

    @Test
    void shouldPointAtTheKeyWhenTheKeyExpressionFails() {
        String yaml = HEAD + "sink:\n  topic: out\n  format: json\n  key: StoreID\n";

        PipelineFileException e = fixture.failure(yaml);

        assertThat(e.getMessage()).startsWith(fixture.at("8:8: sink.key: ")).contains("StoreID");
    }

    @Test
    void shouldRejectAKeyThatIsNotAScalar() {
        String yaml =
                """
                name: test
                source: {topic: orders, format: json, schema: schemas/order.avsc}
                sink:
                  topic: out
                  format: json
                  key: Items
                """;

        PipelineFileException e = fixture.failure(yaml);

        assertThat(e)
                .hasMessage(
                        fixture.at(
                                "6:8: sink.key: the key is array<record Item>; expected an"
                                        + " expression of type string, number, boolean or bytes"));
    }

    @Test
    void shouldRejectHeadersThatAreNotAMapping() {
        String yaml = HEAD + "sink:\n  topic: out\n  format: json\n  headers: [origin]\n";

        PipelineFileException e = fixture.failure(yaml);

        assertThat(e)
                .hasMessage(
                        fixture.at(
                                "8:12: sink.headers: got a list; expected a mapping with pass and set"));
    }
}
