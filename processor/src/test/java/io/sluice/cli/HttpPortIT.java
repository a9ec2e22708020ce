package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.testkit.JvmProcess;
import io.sluice.testkit.KafkaCluster;
import io.sluice.testkit.KafkaClusterExtension;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code sluice run} with its default HTTP port taken: it serves on the next free one. */
@ExtendWith(KafkaClusterExtension.class)
class HttpPortIT {
    private static final int DEFAULT_PORT = 8080;
    private static final Pattern ADDRESS =
            Pattern.compile(
                    "Status, metrics and dashboard on http://127\\.0\\.0\\.1:(\\d+)/ \\(port 8080 is"
                            + " taken; set http\\.port or --http-port to choose one\\)");

    private final KafkaCluster kafka;

    @TempDir Path directory;

    HttpPortIT(KafkaCluster kafka) {
        this.kafka = kafka;
    }

    @Test
    void shouldServeOnTheNextFreePortWhenTheDefaultPortIsTaken() throws Exception {
        String input = kafka.uniqueTopic("ports-in");
        kafka.createTopics(1, input);
        Path pipeline = directory.resolve("pipeline.yaml");
        Files.writeString(
                pipeline,
                "name: ports\nsource: {topic: "
                        + input
                        + ", format: json, schema: r.avsc}\n"
                        + "sink: {topic: ports-out, format: json}\n");
        Files.writeString(
                directory.resolve("r.avsc"),
                "{\"type\": \"record\", \"name\": \"R\", \"fields\": [{\"name\": \"a\","
                        + " \"type\": \"string\"}]}");

        try (ServerSocket taken = occupy(DEFAULT_PORT);
                JvmProcess run =
                        JvmProcess.start(
                                "io.sluice.cli.SluiceMain",
                                List.of(
                                        "run",
                                        pipeline.toString(),
                                        "-b",
                                        kafka.bootstrapServers(),
                                        "--instance-id",
                                        "one",
                                        "--quiet",
                                        "--state-dir",
                                        directory.resolve("state").toString()),
                                // no setting names a port: the default applies
                                Map.of("SLUICE_HTTP_PORT", "", "SLUICE_CONFIG", ""),
                                directory.resolve("run.log"))) {
            await().atMost(Duration.ofMinutes(2)).until(() -> ADDRESS.matcher(run.output()).find());
            Matcher printed = ADDRESS.matcher(run.output());
            assertThat(printed.find()).isTrue();
            int port = Integer.parseInt(printed.group(1));
            assertThat(run.isAlive()).as(run.output()).isTrue();

            HttpResponse<String> live =
                    HttpClient.newHttpClient()
                            .send(
                                    HttpRequest.newBuilder(
                                                    URI.create(
                                                            "http://127.0.0.1:"
                                                                    + port
                                                                    + "/health/live"))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString());

            assertThat(port).isBetween(DEFAULT_PORT + 1, DEFAULT_PORT + RunCommand.PORT_TRIES - 1);
            assertThat(live.statusCode()).isEqualTo(200);
            assertThat(live.body()).isEqualTo("live\n");
            assertThat(run.terminate(Duration.ofSeconds(60))).isZero();
        }
    }

    /** A socket on the port, or null when another process holds it already: taken either way. */
    private static ServerSocket occupy(int port) {
        try {
            ServerSocket socket = new ServerSocket();
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return socket;
        } catch (IOException e) {
            return null;
        }
    }
}
