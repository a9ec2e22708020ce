package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.testkit.KafkaCluster;
import io.sluice.testkit.KafkaClusterExtension;
import io.sluice.testkit.SchemaRegistryExtension;
import io.sluice.testkit.SchemaRegistryServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sluice run} and {@code validate} against a real registry refuse a sink schema the
 * subject's compatibility rule does not allow, or a subject that is missing with {@code register:
 * never}: exit 2 at start, naming the subject, the rule and the registry's reason.
 */
@ExtendWith({KafkaClusterExtension.class, SchemaRegistryExtension.class})
class SchemaRegistryStartIT {
    private static final String V1 =
            "{\"type\":\"record\",\"name\":\"Reading\",\"fields\":["
                    + "{\"name\":\"Sensor\",\"type\":\"string\"},"
                    + "{\"name\":\"Value\",\"type\":\"int\"}]}";

    /** Value changes from int to string: not BACKWARD compatible with V1. */
    private static final String INCOMPATIBLE =
            "{\"type\":\"record\",\"name\":\"Reading\",\"fields\":["
                    + "{\"name\":\"Sensor\",\"type\":\"string\"},"
                    + "{\"name\":\"Value\",\"type\":\"string\"}]}";

    private final KafkaCluster kafka;
    private final SchemaRegistryServer registry;
    @TempDir Path directory;
    private String output;
    private Path config;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    SchemaRegistryStartIT(KafkaCluster kafka, SchemaRegistryServer registry) {
        this.kafka = kafka;
        this.registry = registry;
    }

    @BeforeEach
    void files() throws Exception {
        output = kafka.uniqueTopic("readings-avro");
        config = directory.resolve("sluice.yaml");
        Files.writeString(
                config, "schema.registry.url: " + registry.url() + "\nhttp.enabled: false\n");
        Files.writeString(directory.resolve("v1.avsc"), V1);
        Files.writeString(directory.resolve("incompatible.avsc"), INCOMPATIBLE);
    }

    @Test
    void shouldRefuseAnIncompatibleSinkSchemaAtStartWithTheSubjectRuleAndReason() throws Exception {
        register(output + "-value", V1);
        Path pipeline = pipeline("incompatible.avsc", "registry: true");

        int exit = run("run", pipeline.toString(), "--bootstrap-servers", kafka.bootstrapServers());

        assertThat(exit).isEqualTo(SluiceMain.EXIT_INVALID);
        assertThat(err.toString())
                .contains(pipeline + ":")
                .contains("sink.registry")
                .contains("incompatible with subject '" + output + "-value'")
                .contains("rule BACKWARD")
                // the registry's reason names what broke: Value was an int
                .containsIgnoringCase("string")
                .containsIgnoringCase("int");
        assertThat(topics()).doesNotContain(output);
    }

    @Test
    void shouldRefuseTheSameSchemaInValidateWithoutRegisteringAnything() throws Exception {
        register(output + "-value", V1);
        Path pipeline = pipeline("incompatible.avsc", "registry: true");

        int exit = run("validate", pipeline.toString(), "--config", config.toString());

        assertThat(exit).isEqualTo(SluiceMain.EXIT_INVALID);
        assertThat(err.toString()).contains("incompatible with subject '" + output + "-value'");
        assertThat(versions(output + "-value")).isEqualTo("[1]");
    }

    @Test
    void shouldRefuseAMissingSubjectWhenTheSinkNeverRegisters() throws Exception {
        Path pipeline = pipeline("v1.avsc", "registry: {register: never}");

        int exit = run("run", pipeline.toString(), "--bootstrap-servers", kafka.bootstrapServers());

        assertThat(exit).isEqualTo(SluiceMain.EXIT_INVALID);
        assertThat(err.toString())
                .contains("subject '" + output + "-value' does not exist")
                .contains("register is never");
    }

    private Path pipeline(String schema, String registrySetting) throws Exception {
        Path file = directory.resolve("pipeline.yaml");
        Files.writeString(
                file,
                "name: "
                        + kafka.uniqueTopic("registry-start")
                        + "\nsource: {topic: readings, format: json, schema: "
                        + schema
                        + "}\n"
                        + "sink:\n  topic: "
                        + output
                        + "\n  format: avro\n  schema: "
                        + schema
                        + "\n  "
                        + registrySetting
                        + "\n");
        return file;
    }

    private int run(String... args) {
        String[] withConfig = args;
        if (args[0].equals("run")) {
            withConfig = new String[args.length + 2];
            System.arraycopy(args, 0, withConfig, 0, args.length);
            withConfig[args.length] = "--config";
            withConfig[args.length + 1] = config.toString();
        }
        return SluiceMain.commandLine()
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(withConfig);
    }

    private java.util.Set<String> topics() throws Exception {
        try (org.apache.kafka.clients.admin.Admin admin =
                org.apache.kafka.clients.admin.Admin.create(kafka.adminConfig())) {
            return admin.listTopics().names().get();
        }
    }

    private void register(String subject, String schema) throws Exception {
        String body =
                new com.fasterxml.jackson.databind.ObjectMapper()
                        .writeValueAsString(java.util.Map.of("schema", schema));
        HttpResponse<String> response =
                HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(
                                                URI.create(
                                                        registry.url()
                                                                + "/subjects/"
                                                                + subject
                                                                + "/versions"))
                                        .header(
                                                "Content-Type",
                                                "application/vnd.schemaregistry.v1+json")
                                        .POST(HttpRequest.BodyPublishers.ofString(body))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    private String versions(String subject) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(
                                        URI.create(
                                                registry.url()
                                                        + "/subjects/"
                                                        + subject
                                                        + "/versions"))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }
}
