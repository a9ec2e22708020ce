package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.testkit.KafkaCluster;
import io.sluice.testkit.KafkaClusterExtension;
import io.sluice.testkit.SchemaRegistryExtension;
import io.sluice.testkit.SchemaRegistryServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code sluice schema register|check|show} and {@code infer-schema --register} against a real
 * registry: what they print and the exit codes scripts rely on.
 */
@ExtendWith({KafkaClusterExtension.class, SchemaRegistryExtension.class})
class SchemaCommandIT {
    private static final String V1 =
            "{\"type\":\"record\",\"name\":\"Reading\",\"namespace\":\"iot\",\"fields\":["
                    + "{\"name\":\"Sensor\",\"type\":\"string\"},"
                    + "{\"name\":\"Value\",\"type\":\"int\"}]}";
    private static final String V2 =
            "{\"type\":\"record\",\"name\":\"Reading\",\"namespace\":\"iot\",\"fields\":["
                    + "{\"name\":\"Sensor\",\"type\":\"string\"},"
                    + "{\"name\":\"Value\",\"type\":\"int\"},"
                    + "{\"name\":\"Unit\",\"type\":\"string\",\"default\":\"C\"}]}";
    private static final String INCOMPATIBLE =
            "{\"type\":\"record\",\"name\":\"Reading\",\"namespace\":\"iot\",\"fields\":["
                    + "{\"name\":\"Sensor\",\"type\":\"string\"},"
                    + "{\"name\":\"Value\",\"type\":\"string\"}]}";

    private final KafkaCluster kafka;
    private final SchemaRegistryServer registry;
    @TempDir Path directory;
    private StringWriter out;
    private StringWriter err;

    SchemaCommandIT(KafkaCluster kafka, SchemaRegistryServer registry) {
        this.kafka = kafka;
        this.registry = registry;
    }

    @Test
    void shouldRegisterCheckAndShowAnAvscUnderItsTopicsSubject() throws Exception {
        String topic = kafka.uniqueTopic("readings");
        Path v1 = write("v1.avsc", V1);
        Path v2 = write("v2.avsc", V2);
        Path incompatible = write("incompatible.avsc", INCOMPATIBLE);

        int registered = sluice("schema", "register", v1.toString(), "--topic", topic);
        String registeredOut = out.toString();
        int compatible = sluice("schema", "check", v2.toString(), "--topic", topic);
        String compatibleOut = out.toString();
        int refused = sluice("schema", "check", incompatible.toString(), "--topic", topic);
        String refusedOut = out.toString();
        int shown = sluice("schema", "show", topic + "-value");
        String shownOut = out.toString();

        assertThat(registered).isZero();
        assertThat(registeredOut)
                .startsWith("Registered iot.Reading under subject " + topic + "-value: id ")
                .endsWith(", version 1\n");
        assertThat(compatible).isZero();
        assertThat(compatibleOut)
                .isEqualTo(
                        "iot.Reading is compatible with subject "
                                + topic
                                + "-value under rule BACKWARD\n");
        assertThat(refused).isEqualTo(SluiceMain.EXIT_FAILED);
        assertThat(refusedOut)
                .startsWith(
                        "iot.Reading is incompatible with subject "
                                + topic
                                + "-value under rule BACKWARD");
        assertThat(shown).isZero();
        assertThat(shownOut).startsWith("subject " + topic + "-value, version 1, id ");
        assertThat(new Schema.Parser().parse(shownOut.substring(shownOut.indexOf('\n') + 1)))
                .isEqualTo(new Schema.Parser().parse(V1));
    }

    @Test
    void shouldRefuseToRegisterAnIncompatibleSchemaWithTheRegistrysReason() throws Exception {
        String subject = kafka.uniqueTopic("readings") + "-value";
        assertThat(
                        sluice(
                                "schema",
                                "register",
                                write("v1.avsc", V1).toString(),
                                "--subject",
                                subject))
                .isZero();

        int exit =
                sluice(
                        "schema",
                        "register",
                        write("incompatible.avsc", INCOMPATIBLE).toString(),
                        "--subject",
                        subject);

        assertThat(exit).isEqualTo(SluiceMain.EXIT_FAILED);
        assertThat(err.toString())
                .startsWith(
                        "sluice: the registry refused the schema for subject "
                                + subject
                                + " under rule BACKWARD: ");
        assertThat(sluice("schema", "show", subject)).isZero();
        assertThat(out.toString()).startsWith("subject " + subject + ", version 1,");
    }

    @Test
    void shouldRegisterAPipelinesSinkSchemaAndShowItById() throws Exception {
        String output = kafka.uniqueTopic("readings-avro");
        write("v1.avsc", V1);
        Path pipeline =
                write(
                        "pipeline.yaml",
                        "name: readings\n"
                                + "source: {topic: readings, format: json, schema: v1.avsc}\n"
                                + "sink: {topic: "
                                + output
                                + ", format: avro, registry: true}\n");

        int exit = sluice("schema", "register", pipeline.toString());
        String registered = out.toString();
        String id = registered.substring(registered.lastIndexOf(' ') + 1).trim();
        int shown = sluice("schema", "show", "--id", id);

        assertThat(exit).isZero();
        assertThat(registered)
                .isEqualTo(
                        "Registered iot.Reading under subject "
                                + output
                                + "-value: id "
                                + id
                                + "\n");
        assertThat(shown).isZero();
        assertThat(out.toString()).startsWith("id " + id + "\n");
    }

    @Test
    void shouldInferASchemaAndRegisterIt() throws Exception {
        String subject = kafka.uniqueTopic("samples") + "-value";
        Path samples =
                write(
                        "samples.jsonl",
                        "{\"Sensor\": \"s1\", \"Value\": 3}\n{\"Sensor\": \"s2\", \"Value\": 4}\n");

        int exit =
                sluice(
                        "infer-schema",
                        "--format",
                        "json",
                        "--name",
                        "Reading",
                        samples.toString(),
                        "--register",
                        subject);

        assertThat(exit).isZero();
        Schema inferred = new Schema.Parser().parse(out.toString());
        assertThat(inferred.getField("Value").schema().getType()).isEqualTo(Schema.Type.INT);
        assertThat(err.toString())
                .startsWith("Registered Reading under subject " + subject + ": id ");
        assertThat(sluice("schema", "show", subject)).isZero();
        assertThat(
                        new Schema.Parser()
                                .parse(out.toString().substring(out.toString().indexOf('\n') + 1)))
                .isEqualTo(inferred);
    }

    @Test
    void shouldSayThereIsNoRegistryWhenNoneIsGiven() throws Exception {
        Path v1 = write("v1.avsc", V1);

        int exit =
                SluiceMain.commandLine()
                        .setOut(new PrintWriter(out = new StringWriter(), true))
                        .setErr(new PrintWriter(err = new StringWriter(), true))
                        .execute(
                                "schema",
                                "register",
                                v1.toString(),
                                "--subject",
                                "x",
                                "--config",
                                write("empty.yaml", "http.enabled: false\n").toString());

        assertThat(exit).isEqualTo(SluiceMain.EXIT_INVALID);
        assertThat(err.toString()).contains("no schema registry: give --registry URL");
    }

    @Test
    void shouldStopWithExitTwoNamingTheRegistryWhenItDoesNotAnswer() throws Exception {
        int exit =
                SluiceMain.commandLine()
                        .setOut(new PrintWriter(out = new StringWriter(), true))
                        .setErr(new PrintWriter(err = new StringWriter(), true))
                        .execute("schema", "show", "--registry", "http://127.0.0.1:1");

        assertThat(exit).isEqualTo(SluiceMain.EXIT_INVALID);
        assertThat(err.toString())
                .startsWith("sluice: schema registry http://127.0.0.1:1")
                .contains("unreachable");
    }

    private int sluice(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        String[] withRegistry = new String[args.length + 2];
        System.arraycopy(args, 0, withRegistry, 0, args.length);
        withRegistry[args.length] = "--registry";
        withRegistry[args.length + 1] = registry.url();
        CommandLine command =
                SluiceMain.commandLine()
                        .setOut(new PrintWriter(out, true))
                        .setErr(new PrintWriter(err, true));
        return command.execute(withRegistry);
    }

    private Path write(String name, String text) throws Exception {
        return Files.writeString(directory.resolve(name), text);
    }
}
