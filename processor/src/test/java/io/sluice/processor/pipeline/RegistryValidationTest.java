package io.sluice.processor.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.processor.plan.SinkPlan;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rejections of {@code registry} on a source or sink that need no registry to find: the format, the
 * keys and their values, and a pipeline that names none while none is configured. What a registry
 * answers is shown against a real one, in SchemaRegistryIT and SchemaRegistryStartIT.
 */
class RegistryValidationTest {
    private static final String SOURCE =
            "name: test\nsource: {topic: invoices, format: json, schema: schemas/invoice.avsc}\n";

    @TempDir Path directory;

    private PipelineFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new PipelineFixture(directory);
    }

    @Test
    void shouldRefuseARegistryOnAFormatOtherThanAvro() {
        String yaml = SOURCE + "sink: {topic: out, format: json, registry: true}\n";

        assertThat(fixture.failure(yaml))
                .hasMessage(
                        fixture.at(
                                "3:34: sink.registry: a schema registry goes with format: avro"
                                        + " (records in the Confluent wire format), not json;"
                                        + " expected format: avro, or no registry"));
    }

    @Test
    void shouldAskForTheRegistryConfigurationWhenNoneIsConfigured() {
        String yaml =
                "name: test\nsource: {topic: invoices, format: avro, registry: {version: 3}}\n"
                        + "sink: {topic: out, format: json}\n";

        assertThat(fixture.failure(yaml))
                .hasMessage(
                        fixture.at(
                                "2:51: source.registry: no schema registry is configured;"
                                        + " expected schema.registry.url in the service"
                                        + " configuration (or SLUICE_SCHEMA_REGISTRY_URL)"));
    }

    @Test
    void shouldSuggestTheKeyMeantForAMisspeltOne() {
        String yaml =
                SOURCE + "sink: {topic: out, format: avro, registry: {subjct: invoices-value}}\n";

        assertThat(fixture.failure(yaml).getMessage())
                .startsWith(fixture.at("3:45: sink.registry.subjct: unknown key"))
                .contains("did you mean 'subject'");
    }

    @Test
    void shouldRefuseARegisterModeOtherThanAutoOrNever() {
        String yaml = SOURCE + "sink: {topic: out, format: avro, registry: {register: always}}\n";

        assertThat(fixture.failure(yaml).getMessage())
                .startsWith(fixture.at("3:55: sink.registry.register: unknown value 'always'"))
                .endsWith("expected one of auto, never");
    }

    @Test
    void shouldRefuseASourceVersionThatIsNoVersion() {
        String yaml =
                "name: test\nsource: {topic: invoices, format: avro, registry: {version: 0}}\n"
                        + "sink: {topic: out, format: json}\n";

        assertThat(fixture.failure(yaml).getMessage())
                .startsWith(fixture.at("2:61: source.registry.version: '0' is not a whole number"));
    }

    @Test
    void shouldRefuseFormatOptionsBesideARegistry() {
        fixture.write("x.avsc", PipelineFixture.INVOICE_SCHEMA);
        String yaml =
                SOURCE
                        + "sink: {topic: out, format: avro, options: {writerSchema: x.avsc},"
                        + " registry: true}\n";

        assertThat(fixture.failure(yaml).getMessage())
                .startsWith(fixture.at("3:"))
                .contains("sink.options: the registry gives each record's writer schema");
    }

    @Test
    void shouldWritePlainAvroWhenTheRegistryIsTurnedOff() {
        String yaml = SOURCE + "sink: {topic: out, format: avro, registry: false}\n";

        CompiledPipeline compiled = fixture.load(yaml);

        assertThat(((SinkPlan.Kafka) compiled.plan().sink()).format()).isEqualTo("avro");
        assertThat(compiled.sinkSubject()).isEmpty();
    }
}
