package io.sluice.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.sluice.processor.metrics.EngineMetrics;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP endpoint of one instance, on the JDK's built-in server (two daemon threads):
 *
 * <ul>
 *   <li>{@code /health/live}: 200 while the process serves requests and its batches commit; 503
 *       once a batch failed {@link InstanceStatus#MAX_FAILED_ATTEMPTS} attempts in a row, so that
 *       an orchestrator restarts it;
 *   <li>{@code /health/ready}: 200 once partitions are assigned and state restored, else 503;
 *   <li>{@code /metrics}: Prometheus text format;
 *   <li>{@code /status}: {@link StatusReport} as JSON;
 *   <li>{@code /timeline}: the dashboard's samples as JSON;
 *   <li>{@code /}: the dashboard page.
 * </ul>
 *
 * Only GET and HEAD are served.
 */
public final class StatusServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StatusServer.class);
    private static final String JSON = "application/json";
    private static final String DASHBOARD = "dashboard.html";

    private final HttpServer server;
    private final ExecutorService executor;

    private StatusServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Binds {@code address} and starts serving.
     *
     * @throws UncheckedIOException when the address cannot be bound (in use, not local)
     */
    public static StatusServer start(
            InetSocketAddress address,
            InstanceStatus status,
            Timeline timeline,
            EngineMetrics metrics) {
        ObjectMapper json = new ObjectMapper();
        byte[] page = dashboardPage();
        HttpServer server;
        try {
            server = HttpServer.create(address, 16);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot listen on " + address + ": " + e.getMessage(), e);
        }
        route(
                server,
                "/health/live",
                () ->
                        status.isLive()
                                ? Response.text(200, "live\n")
                                : Response.text(
                                        503, "not live: " + status.lastErrorMessage() + "\n"));
        route(
                server,
                "/health/ready",
                () ->
                        status.isReady()
                                ? Response.text(200, "ready\n")
                                : Response.text(503, "not ready\n"));
        route(
                server,
                "/metrics",
                () ->
                        new Response(
                                200,
                                "text/plain; version=0.0.4; charset=utf-8",
                                metrics.scrape().getBytes(StandardCharsets.UTF_8)));
        route(server, "/status", () -> Response.json(json, status.report()));
        route(
                server,
                "/timeline",
                () -> Response.json(json, Map.of("samples", timeline.samples())));
        route(server, "/", () -> new Response(200, "text/html; charset=utf-8", page));
        ExecutorService executor =
                Executors.newFixedThreadPool(
                        2,
                        runnable -> {
                            Thread thread = new Thread(runnable, "sluice-http");
                            thread.setDaemon(true);
                            return thread;
                        });
        server.setExecutor(executor);
        server.start();
        return new StatusServer(server, executor);
    }

    /** The address served, with the port chosen when 0 was asked for. */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private static void route(HttpServer server, String path, Supplier<Response> body) {
        server.createContext(path, new Route(path, body, hostCheck(server.getAddress())));
    }

    /**
     * Which {@code Host} headers a server bound to {@code address} answers. On a loopback address
     * only loopback names: a web page whose host name an attacker re-points at 127.0.0.1 (DNS
     * rebinding) reaches the port, but its requests carry the attacker's host name. A server bound
     * to another address was opened to the network on purpose, and answers any name.
     */
    static Predicate<String> hostCheck(InetSocketAddress address) {
        if (!address.getAddress().isLoopbackAddress()) {
            return host -> true;
        }
        return host -> host == null || isLoopbackName(host);
    }

    /** Whether a {@code Host} header names this machine's loopback interface, with any port. */
    static boolean isLoopbackName(String hostHeader) {
        String host = hostHeader.strip().toLowerCase(Locale.ROOT);
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end > 0 && host.substring(1, end).equals("::1");
        }
        int colon = host.lastIndexOf(':');
        String name = colon >= 0 ? host.substring(0, colon) : host;
        return name.equals("localhost")
                || name.endsWith(".localhost")
                || name.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    }

    private static byte[] dashboardPage() {
        try (InputStream in = StatusServer.class.getResourceAsStream(DASHBOARD)) {
            if (in == null) {
                throw new IllegalStateException(DASHBOARD + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A response body with its status and content type. */
    private record Response(int status, String contentType, byte[] body) {
        static Response text(int status, String text) {
            return new Response(
                    status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
        }

        static Response json(ObjectMapper json, Object value) {
            try {
                return new Response(200, JSON, json.writeValueAsBytes(value));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Serves one path exactly (the JDK matches contexts by prefix). */
    private record Route(String path, Supplier<Response> body, Predicate<String> hostAllowed)
            implements HttpHandler {
        @Override
        public void handle(HttpExchange exchange) throws IOException {
            try (exchange) {
                String method = exchange.getRequestMethod();
                if (!hostAllowed.test(exchange.getRequestHeaders().getFirst("Host"))) {
                    send(
                            exchange,
                            Response.text(
                                    403,
                                    "host not allowed: this endpoint listens on loopback; ask"
                                            + " localhost or 127.0.0.1\n"),
                            true);
                } else if (!exchange.getRequestURI().getPath().equals(path)) {
                    send(exchange, Response.text(404, "not found\n"), true);
                } else if (!method.equals("GET") && !method.equals("HEAD")) {
                    exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                    send(exchange, Response.text(405, "method not allowed\n"), true);
                } else {
                    send(exchange, body.get(), method.equals("GET"));
                }
            } catch (RuntimeException e) {
                log.warn("{} failed: {}", path, e.toString());
            }
        }

        private static void send(HttpExchange exchange, Response response, boolean withBody)
                throws IOException {
            exchange.getResponseHeaders().set("Content-Type", response.contentType());
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            if (!withBody) {
                exchange.sendResponseHeaders(response.status(), -1);
                return;
            }
            exchange.sendResponseHeaders(response.status(), response.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(response.body());
            }
        }
    }
}
