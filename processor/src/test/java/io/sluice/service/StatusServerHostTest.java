package io.sluice.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.processor.metrics.EngineMetrics;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * On loopback the endpoints answer requests for loopback names only, so that a web page that
 * re-points its own host name at 127.0.0.1 (DNS rebinding) cannot read them.
 */
class StatusServerHostTest {
    private StatusServer server;

    @BeforeEach
    void start() {
        server =
                StatusServer.start(
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                        new InstanceStatus("p", "a", Clock.systemUTC()),
                        new Timeline(10),
                        new EngineMetrics("p", Clock.systemUTC()));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void shouldAnswerLoopbackNames() throws IOException {
        int port = server.address().getPort();

        assertThat(statusLine("localhost:" + port)).endsWith(" 200 OK");
        assertThat(statusLine("127.0.0.1:" + port)).endsWith(" 200 OK");
        assertThat(statusLine("[::1]:" + port)).endsWith(" 200 OK");
    }

    @Test
    void shouldRefuseAnotherHostName() throws IOException {
        int port = server.address().getPort();

        assertThat(statusLine("rebound.example:" + port)).contains(" 403 ");
        assertThat(statusLine("localhost.example.com")).contains(" 403 ");
    }

    @Test
    void shouldAnswerAnyNameWhenBoundBeyondLoopback() {
        assertThat(StatusServer.hostCheck(new InetSocketAddress("0.0.0.0", 8080)).test("box:8080"))
                .isTrue();
    }

    /** The status line of a GET of /health/live sent with {@code host} as its Host header. */
    private String statusLine(String host) throws IOException {
        try (Socket socket =
                new Socket(server.address().getAddress(), server.address().getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(
                    ("GET /health/live HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new BufferedReader(
                            new InputStreamReader(
                                    socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
        }
    }
}
