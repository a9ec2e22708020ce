package io.sluice.processor.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rejections of the source section: topics, format, options, schema file, event time. */
class SourceValidationTest {

    @TempDir Path directory;

    private PipelineFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new PipelineFixture(directory);
    }

    @Test
    void shouldRejectASchemaFileThatDoesNotExist() {
        String yaml =
                """
                name: test
                source:
                  topic: invoices
                  format: json
                  schema: schemas/nope.avsc
                sink: {type: console}
                """;

        PipelineFileException e = fixture.failure(yaml);

        assertThat(e)
                .hasMessage(
                        fixture.at(
                                "5:11: source.schema: schema file not found at "
                                        + directory.resolve("schemas/nope.avsc")
                                        + "; expected an Avro schema file (.avsc)"));
    }

    @Test
    void shouldRejectASchemaFileThatDoesNotParse() {
        fixture.write("schemas/broken.avsc", "{\"type\": \"record\", \"name\": \"X\"");
        String yaml =
                """
                name: test
                source:
                  topic: invoices
                  format: json
                  schema: schemas/broken.avsc
                sink: {type: console}
                """;

        PipelineFileException e = fixture.failure(yaml);

        assertThat(e.getMessage())
                .startsWith(fixture.at("5:11: source.schema: invalid Avro schema in "))
                .endsWith("; expected an Avro schema (.avsc)");
    }

    @Test
    void shouldRejectASchemaThatIsNotARecord() {
        fixture.write("schemas/text.avsc", "\"string\"");
        String yaml =
                """
                name: test
                source:
                  topic: invoices
                  format: json
                  schema: schemas/text.avsc
                sink: {type: console}
                """;

        PipelineFileException e = fixture.failure(yaml);

        assertThat(e)
                .hasMessage(
                        fixture.at(
                                "5:11: source.schema: the schema is string; expected a record"
                                        + " schema (\"type\": \"record\")"));
    }

    @Test
    void shouldSuggestTheFormatWhenTheFormatIsMisspelt() {
        String yaml =
                """
                name: test
                source:
                  topic: invoices
                  format: jsn
                  schema: schemas/invoice.avsc
                sink: {type: console}
                """;

        PipelineFileException e = fixture.failure(yaml);

        assertThat(e)
                .hasMessage(
                        fixture.at(
                                "4:11: source.format: unknown value 'jsn' (did you mean 'json'?);"
                                        + " expected one of json, csv, avro, avro-single-object,"
                                        + " avro-confluent"));
    }

    @Test
    void shouldPointAtTheOptionWhenTheFormatRejectsIt() {
        String yaml =
                """
                name: test
                source:
                  topic: invoices
                  format: json
                  schema: schemas/invoice.avsc
                  options: {strict: true, timestampFormatt: iso}
                sink: {type: console}
                """;

        PipelineFileException e = fixture.failure(yaml);

        assertThat(e.getMessage())
                .startsWith(
                        fixture.at(
                                "6:27: source.options.timestampFormatt: unknown json option"
                                        + " 'timestampFormatt'"));
    }

    @Test
    void shouldRejectTopicAndTopicsTogether() {
        String yaml =
                """
                name: test
                source:
                  topic: invoices
                  topics: [a, b]
                  format: json
                  schema: schemas/invoice.avsc
                sink: {type: console}
                """;

        PipelineFileException e = fixture.failure(yaml);

        assertThat(e)
                .hasMessage(
                        fixture.at(
                                "4:3: source.topics: give topic or topics, not both; expected one of them"));
    }

    @Test
    void shouldRejectATopicNameKafkaWouldRefuse() {
        String yaml =
                """
                name: test
                source:
                  topics: [invoices, "bad topic"]
                  format: json
                  schema: schemas/invoice.avsc
                sink: {type: console}
                """;

        PipelineFileException e = fixture.failure(yaml);

        assertThat(e)
                .hasMessage(
                        fixture.at(
                                "3:22: source.topics[1]: 'bad topic' is not a valid topic name;"
                                        + " expected a Kafka topic name (letters, digits, '.', '_'"
                                        + " and '-', at most 249)"));
    }

    @Test
    void shouldListTheColumnsWhenTheTimestampFieldIsUnknown() {
        String yaml =
                """
                name: test
                source:
                  topic: invoices
                  format: json
                  schema: schemas/invoice.avsc
                  timestamp: CreatedTim
                sink: {type: console}
                """;

        PipelineFileException e = fixture.failure(yaml);

        assertThat(e)
                .hasMessage(
                        fixture.at(
                                "6:14: source.timestamp: unknown column 'CreatedTim' (did you mean"
                                        + " 'CreatedTime'?); columns are: "
                                        + PipelineFixture.INVOICE_COLUMNS));
    }

    @Test
    void shouldRejectATimestampFieldThatIsNotATime() {
        String yaml =
                """
                name: test
                source:
                  topic: invoices
                  format: json
                  schema: schemas/invoice.avsc
                  timestamp: StoreID
                sink: {type: console}
                """;

        PipelineFileException e = fixture.failure(yaml);

        assertThat(e)
                .hasMessage(
                        fixture.at(
                                "6:14: source.timestamp: field 'StoreID' is string; expected a"
                                        + " non-null long (epoch milliseconds) or timestamp-millis"
                                        + " field"));
    }

    @Test
    void shouldRejectAWatermarkThatIsNotADuration() {
        String yaml =
                """
                name: test
                source:
                  topic: invoices
                  format: json
                  schema: schemas/invoice.avsc
                  watermark: 30 minutes
                sink: {type: console}
                """;

        PipelineFileException e = fixture.failure(yaml);

        assertThat(e)
                .hasMessage(
                        fixture.at(
                                "6:14: source.watermark: '30 minutes' is not a duration; expected a"
                                        + " duration such as 500ms, 1s, 30m, 1h, 2d or PT30M"));
    }

    @Test
    void shouldRejectAnUnknownStartingOffset() {
        String yaml =
                """
                name: test
                source:
                  topic: invoices
                  format: json
                  schema: schemas/invoice.avsc
                  startingOffsets: newest
                sink: {type: console}
                """;

        PipelineFileException e = fixture.failure(yaml);

        assertThat(e)
                .hasMessage(
                        fixture.at(
                                "6:20: source.startingOffsets: unknown value 'newest'; expected one"
                                        + " of earliest, latest"));
    }

    @Test
    void shouldAskForQuotesWhenAnOptionHasNoValue() {
        String yaml =
                """
                name: test
                source:
                  topic: invoices
                  format: csv
                  schema: schemas/invoice.avsc
                  options:
                    nullValue:
                sink: {type: console}
                """;

        PipelineFileException e = fixture.failure(yaml);

        assertThat(e)
                .hasMessage(
                        fixture.at(
                                "7:15: source.options.nullValue: got no value; expected an option"
                                        + " value (quote an empty value: \"\")"));
    }

    @Test
    void shouldRejectASchemaTheFormatCannotHold() {
        String yaml =
                """
                name: test
                source:
                  topic: orders
                  format: csv
                  schema: schemas/order.avsc
                sink: {type: console}
                """;

        PipelineFileException e = fixture.failure(yaml);

        assertThat(e.getMessage())
                .startsWith(
                        fixture.at("4:11: source.format: format csv cannot hold rows of Order: "))
                .endsWith("; expected a schema the format can represent");
    }

    @Test
    void shouldPointAtTheFormatWhenItNeedsAnOptionThatIsMissing() {
        String yaml =
                """
                name: test
                source:
                  topic: invoices
                  format: avro-confluent
                  schema: schemas/invoice.avsc
                  options:
                sink: {type: console}
                """;

        PipelineFileException e = fixture.failure(yaml);

        assertThat(e)
                .hasMessage(
                        fixture.at(
                                "4:11: source.format: avro-confluent needs option"
                                        + " 'schemaDirectory': a directory of <id>.avsc files"));
    }

    @Test
    void shouldPointAtTheOptionWhenItsValueDoesNotParse() {
        String yaml =
                """
                name: test
                source: {topic: invoices, format: json, schema: schemas/invoice.avsc}
                sink:
                  topic: out
                  format: json
                  options:
                    strict: maybe
                """;

        PipelineFileException e = fixture.failure(yaml);

        assertThat(e)
                .hasMessage(
                        fixture.at(
                                "7:5: sink.options.strict: json option 'strict' is 'maybe';"
                                        + " expected true or false"));
    }
}
