package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.testkit.JvmProcess;
import io.sluice.testkit.KafkaCluster;
import io.sluice.testkit.KafkaClusterExtension;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The first hour on a real broker: {@code run} after {@code demo} processes the sample data, a
 * second {@code run} continues where the first stopped, and {@code reset} makes the next one start
 * over; a reset of a running pipeline is refused.
 */
@ExtendWith(KafkaClusterExtension.class)
class ResetCommandIT {
    private static final Path TOPOLOGIES = Path.of("..", "topologies");

    private final KafkaCluster kafka;

    @TempDir Path directory;

    ResetCommandIT(KafkaCluster kafka) {
        this.kafka = kafka;
    }

    @Test
    void shouldProcessTheSampleDataWhenRunAfterTheDemoAndAgainAfterAReset() throws IOException {
        Path pipeline = availableNowCopy("invoice-notifications");
        Result demo =
                sluice("demo", "-b", kafka.bootstrapServers(), "--topologies", "" + TOPOLOGIES);

        Result first = run(pipeline);
        Result second = run(pipeline);
        Result reset = reset(pipeline);
        Result third = run(pipeline);

        assertThat(demo.exitCode()).isZero();
        assertThat(demo.out())
                .contains("invoice-notifications: 1000 in, 397 out to 'notifications'");
        assertThat(first.out())
                .contains("Pipeline invoice-notifications finished: in=1000 out=397 filtered=603");
        assertThat(second.out())
                .contains("Pipeline invoice-notifications finished: in=0 out=0 filtered=0");
        assertThat(reset.exitCode()).isZero();
        assertThat(reset.out())
                .contains(
                        "Reset pipeline invoice-notifications: deleted consumer group"
                                + " 'invoice-notifications' (its committed offsets)")
                .contains("Its next run reads invoices from the earliest offsets");
        assertThat(third.out())
                .contains("Pipeline invoice-notifications finished: in=1000 out=397 filtered=603");
    }

    @Test
    void shouldRefuseToResetWhenAnInstanceRunsThePipeline() throws Exception {
        Path pipeline = copy("json-to-avro");
        createTopic("invoices");
        Path log = directory.resolve("run.log");
        try (JvmProcess running =
                JvmProcess.start(
                        "io.sluice.cli.SluiceMain",
                        List.of(
                                "run",
                                pipeline.toString(),
                                "-b",
                                kafka.bootstrapServers(),
                                "--instance-id",
                                "one",
                                "--http-port",
                                "0",
                                "--state-dir",
                                directory.resolve("state").toString()),
                        log)) {
            await().atMost(Duration.ofMinutes(2))
                    .ignoreExceptions()
                    .until(() -> hasMembers("json-to-avro"));

            Result refused = reset(pipeline);
            int stopped = running.terminate(Duration.ofSeconds(60));
            Result reset = reset(pipeline);

            assertThat(refused.exitCode()).isEqualTo(SluiceMain.EXIT_FAILED);
            assertThat(refused.err())
                    .contains(
                            "sluice: pipeline 'json-to-avro' is running: its consumer group"
                                    + " 'json-to-avro' has 1 active member(s) json-to-avro-one;"
                                    + " stop every instance first");
            assertThat(refused.out()).doesNotContain("Reset pipeline");
            assertThat(stopped).isZero();
            assertThat(reset.exitCode()).isZero();
            assertThat(reset.out()).contains("Reset pipeline json-to-avro:");
        }
    }

    @Test
    void shouldDeleteOnlyTheChangelogsOfThePipelineWhenALongerPipelineNameClaimsOthers()
            throws Exception {
        Path pipeline = copy("json-to-avro");
        Files.writeString(
                pipeline, Files.readString(pipeline).replace("name: json-to-avro", "name: orders"));
        createTopic("invoices");
        createTopic("orders-agg-changelog");
        createTopic("orders-eu-agg-changelog");
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            // a pipeline named orders-eu has run: its group holds committed offsets
            admin.alterConsumerGroupOffsets(
                            "orders-eu",
                            Map.of(new TopicPartition("invoices", 0), new OffsetAndMetadata(0)))
                    .all()
                    .get();
        }

        Result reset = reset(pipeline);

        assertThat(reset.exitCode()).isZero();
        assertThat(reset.out())
                .contains(
                        "Reset pipeline orders: no committed offsets; deleted internal topics"
                                + " orders-agg-changelog;");
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            assertThat(admin.listTopics().names().get())
                    .contains("orders-eu-agg-changelog")
                    .doesNotContain("orders-agg-changelog");
        }
    }

    private void createTopic(String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            if (!admin.listTopics().names().get().contains(topic)) {
                admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
            }
        }
    }

    private boolean hasMembers(String group) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            return !admin.describeConsumerGroups(List.of(group))
                    .all()
                    .get()
                    .get(group)
                    .members()
                    .isEmpty();
        }
    }

    private Result reset(Path pipeline) {
        return sluice(
                "reset",
                pipeline.toString(),
                "-b",
                kafka.bootstrapServers(),
                "--state-dir",
                directory.resolve("state").toString());
    }

    private Result run(Path pipeline) {
        return sluice(
                "run",
                pipeline.toString(),
                "-b",
                kafka.bootstrapServers(),
                "--instance-id",
                "it",
                "--http-port",
                "0",
                "--quiet",
                "--state-dir",
                directory.resolve("state").toString());
    }

    /** A copy of a ready pipeline with its schemas, that stops once it processed its input. */
    private Path availableNowCopy(String name) throws IOException {
        Path pipeline = copy(name);
        Files.writeString(pipeline, Files.readString(pipeline) + "trigger: {availableNow: true}\n");
        return pipeline;
    }

    private Path copy(String name) throws IOException {
        Path from = TOPOLOGIES.resolve(name);
        Path to = directory.resolve(name);
        List<Path> files;
        try (Stream<Path> walk = Files.walk(from)) {
            files = new ArrayList<>(walk.toList());
        }
        for (Path file : files) {
            Path target = to.resolve(from.relativize(file).toString());
            if (Files.isDirectory(file)) {
                Files.createDirectories(target);
            } else {
                Files.copy(file, target);
            }
        }
        return to.resolve("pipeline.yaml");
    }

    private static Result sluice(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command =
                SluiceMain.commandLine()
                        .setOut(new PrintWriter(out, true))
                        .setErr(new PrintWriter(err, true));
        int exitCode = command.execute(args);
        return new Result(exitCode, out.toString(), err.toString());
    }

    private record Result(int exitCode, String out, String err) {}
}
