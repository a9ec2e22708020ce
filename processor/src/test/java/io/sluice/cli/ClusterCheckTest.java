package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.testkit.JvmProcess;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI's errors about the cluster, none of which needs a broker. */
class ClusterCheckTest {
    private static final Path NOTIFICATIONS =
            Path.of("..", "topologies", "invoice-notifications", "pipeline.yaml");

    @TempDir Path directory;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void shouldExitTwoWithOneLineNamingTheAddressWhenTheBootstrapHostDoesNotResolve() {
        long started = System.nanoTime();

        int exit = run("-b", "no-such-host.invalid:9092");

        assertThat(exit).isEqualTo(SluiceMain.EXIT_INVALID);
        assertThat(err.toString())
                .isEqualTo(
                        "sluice: cannot reach the Kafka cluster at no-such-host.invalid:9092: no"
                                + " host has the name no-such-host.invalid (unknown host)\n");
        assertThat(out.toString()).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - started))
                .isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void shouldSayNoBrokerAnsweredWithinTheTimeoutWhenThePortIsClosed() throws IOException {
        int port = closedPort();
        Path config = config("cluster.connect.timeout.ms: 1000");
        long started = System.nanoTime();

        int exit = run("-b", "127.0.0.1:" + port, "--config", config.toString());

        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(exit).isEqualTo(SluiceMain.EXIT_INVALID);
        assertThat(err.toString())
                .isEqualTo(
                        "sluice: cannot reach the Kafka cluster at 127.0.0.1:%d: no broker answered"
                                + " within 1s (connection refused)\n",
                        port);
        assertThat(took).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(6));
    }

    @Test
    void shouldNameTheSettingAndHideThePasswordWhenTheJaasConfigLacksItsSemicolon()
            throws IOException {
        Path config =
                config(
                        "kafka:",
                        "  security.protocol: SASL_PLAINTEXT",
                        "  sasl.mechanism: PLAIN",
                        "  sasl.jaas.config: org.apache.kafka.common.security.plain.PlainLoginModule"
                                + " required username=\"u\" password=\"Tr0ub4dor-3\"");

        int exit = run("-b", "127.0.0.1:" + closedPort(), "--config", config.toString());

        assertThat(exit).isEqualTo(SluiceMain.EXIT_INVALID);
        assertThat(err.toString())
                .startsWith("sluice: cannot reach the Kafka cluster at 127.0.0.1:")
                .contains("kafka.sasl.jaas.config")
                .contains("semi-colon")
                .doesNotContain("Tr0ub4dor")
                .hasLineCount(1);
    }

    @Test
    void shouldPrintTheStackTraceAfterTheLineWhenVerbose() {
        int exit = run("-b", "no-such-host.invalid:9092", "--verbose");

        assertThat(exit).isEqualTo(SluiceMain.EXIT_INVALID);
        assertThat(err.toString())
                .startsWith("sluice: cannot reach the Kafka cluster at no-such-host.invalid:9092")
                .contains("io.sluice.processor.ConfigException")
                .contains("\tat io.sluice.cli.ClusterCheck");
    }

    @Test
    void shouldReportThePipelinesErrorFirstWhenTheConfiguredClusterDoesNotAnswerEither()
            throws IOException {
        // the cluster is checked while the pipeline compiles: the pipeline's error still wins
        Path pipeline = directory.resolve("pipeline.yaml");
        Files.writeString(pipeline, "name: p\nsource: {topic: in, format: json}\n");
        Path config = config("cluster.connect.timeout.ms: 1000");

        int exit =
                SluiceMain.commandLine()
                        .setOut(new PrintWriter(out, true))
                        .setErr(new PrintWriter(err, true))
                        .execute(
                                "run",
                                pipeline.toString(),
                                "-b",
                                "127.0.0.1:" + closedPort(),
                                "--config",
                                config.toString(),
                                "--http-port",
                                "0",
                                "--quiet");

        assertThat(exit).isEqualTo(SluiceMain.EXIT_INVALID);
        assertThat(err.toString())
                .startsWith("sluice: " + pipeline)
                .doesNotContain("cannot reach the Kafka cluster");
    }

    @Test
    void shouldRefuseABadHttpHostBeforeStartingTheLocalBroker() {
        Path home = directory.resolve("home");
        Path log = directory.resolve("run.log");
        Map<String, String> environment =
                Map.of(
                        "SLUICE_HOME", home.toString(),
                        "SLUICE_HTTP_HOST", "999.1.1.1",
                        "SLUICE_BOOTSTRAP_SERVERS", "",
                        "SLUICE_CONFIG", "");

        // No cluster is named: without the check first, this would start a local broker.
        try (JvmProcess sluice =
                JvmProcess.start(
                        "io.sluice.cli.SluiceMain",
                        List.of("run", NOTIFICATIONS.toString()),
                        environment,
                        log)) {
            int exit = sluice.waitFor(Duration.ofSeconds(30));

            assertThat(exit).as(sluice.output()).isEqualTo(SluiceMain.EXIT_INVALID);
            assertThat(sluice.output())
                    .contains(
                            "sluice: environment variable SLUICE_HTTP_HOST: http.host: Invalid"
                                    + " value 999.1.1.1 for configuration http.host: not an IPv4"
                                    + " address")
                    .doesNotContain("local Kafka broker");
            assertThat(home.resolve("broker")).doesNotExist();
        }
    }

    private int run(String... options) {
        List<String> args = new ArrayList<>(List.of("run", NOTIFICATIONS.toString()));
        args.addAll(Arrays.asList(options));
        args.addAll(List.of("--http-port", "0", "--quiet"));
        return SluiceMain.commandLine()
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(args.toArray(String[]::new));
    }

    private Path config(String... lines) throws IOException {
        Path file = directory.resolve("sluice.yaml");
        Files.writeString(file, String.join("\n", lines) + "\n");
        return file;
    }

    /** A port on 127.0.0.1 that nothing listens on: bound once, then released. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
