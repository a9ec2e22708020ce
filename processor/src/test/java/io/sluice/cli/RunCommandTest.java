package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class RunCommandTest {
    private static final String VALID_PIPELINE =
            "name: ports\nsource: {topic: in, format: json, schema: r.avsc}\n"
                    + "sink: {topic: out, format: json}\n";

    @TempDir Path directory;

    @Test
    void shouldRefuseToStartWithExitTwoWhenThePipelineFileIsInvalid() throws IOException {
        Path file = directory.resolve("pipeline.yaml");
        Files.writeString(
                file,
                "name: broken\nsource: {topic: in, format: json, schema: missing.avsc}\n"
                        + "sink: {topic: out, format: json}\n");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command =
                SluiceMain.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err));

        // No cluster is named and none is started: the file is rejected before anything runs.
        int exit = command.execute("run", file.toString(), "--bootstrap-servers", "127.0.0.1:1");

        assertThat(exit).isEqualTo(SluiceMain.EXIT_INVALID);
        assertThat(err.toString()).contains(file + ":2:").contains("missing.avsc");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void shouldNameTheOptionAsTypedWhenItsValueIsBad() throws IOException {
        Path file = directory.resolve("pipeline.yaml");
        Files.writeString(file, "name: p\n");
        StringWriter err = new StringWriter();
        CommandLine command =
                SluiceMain.commandLine()
                        .setOut(new PrintWriter(new StringWriter()))
                        .setErr(new PrintWriter(err));

        int exit =
                command.execute(
                        "run",
                        file.toString(),
                        "--http-port",
                        "eighty",
                        "--bootstrap-servers",
                        "127.0.0.1:1");

        assertThat(exit).isEqualTo(SluiceMain.EXIT_INVALID);
        assertThat(err.toString()).contains("option --http-port").doesNotContain("--http.port");
    }

    @Test
    void shouldStopNamingThePortAndItsSettingWhenASetPortIsTaken() throws IOException {
        Path file = directory.resolve("pipeline.yaml");
        Files.writeString(file, VALID_PIPELINE);
        Files.writeString(
                directory.resolve("r.avsc"),
                "{\"type\": \"record\", \"name\": \"R\", \"fields\": [{\"name\": \"a\","
                        + " \"type\": \"string\"}]}");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command =
                SluiceMain.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err));

        int exit;
        int port;
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = taken.getLocalPort();
            exit =
                    command.execute(
                            "run",
                            file.toString(),
                            "--http-port",
                            "" + port,
                            "--bootstrap-servers",
                            "127.0.0.1:1");
        }

        assertThat(exit).isEqualTo(SluiceMain.EXIT_INVALID);
        assertThat(err.toString())
                .contains(
                        "sluice: http.port: http.port is set to "
                                + port
                                + ": cannot listen on 127.0.0.1:"
                                + port
                                + ": ")
                .contains("set http.port (--http-port, SLUICE_HTTP_PORT) to a free port");
        assertThat(out.toString()).isEmpty();
    }
}
