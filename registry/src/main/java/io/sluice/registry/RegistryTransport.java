package io.sluice.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertPathBuilderException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLException;

/**
 * Sends requests to a schema registry, trying its URLs in turn, and tells answers from failures to
 * reach it.
 *
 * <p>Any answer with a status below 500 (except 408 and 429) is returned, errors included: the
 * registry is there and has spoken. A connection or I/O failure (a failed TLS handshake included,
 * reported with the TLS settings to check), a timeout, or a status of 5xx, 408 or 429 moves on to
 * the next URL; when every URL failed, the call throws {@link RegistryUnavailableException}. The
 * URL that last answered is tried first next time. Each call's outcome goes to the {@link
 * RegistryHealth}. Thread-safe.
 */
final class RegistryTransport {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    // What Confluent's own client accepts, in its order of preference.
    private static final String ACCEPT =
            "application/vnd.schemaregistry.v1+json,"
                    + " application/vnd.schemaregistry+json; qs=0.9, application/json; qs=0.5";

    private final RegistrySettings settings;
    private final RegistryHealth health;
    private final List<String> baseUrls;
    private final Optional<String> authorization;
    private final HttpClient http;
    private final AtomicInteger preferredUrl = new AtomicInteger();

    RegistryTransport(RegistrySettings settings, RegistryHealth health) {
        this.settings = settings;
        this.health = health;
        this.baseUrls = settings.urls().stream().map(RegistryUrls::withoutUserInfo).toList();
        this.authorization = authorization(settings);
        HttpClient.Builder builder =
                HttpClient.newBuilder()
                        // Plain HTTP/1.1: HTTP/2's upgrade dance buys nothing for small requests.
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(settings.requestTimeout());
        RegistryTls.sslContext(settings).ifPresent(builder::sslContext);
        this.http = builder.build();
    }

    /** Whether requests carry credentials. */
    boolean hasCredentials() {
        return authorization.isPresent();
    }

    /**
     * Sends a request to the first URL that answers.
     *
     * @param path the path below a base URL, starting with {@code /}, its segments encoded
     * @param body the JSON body, or null for none
     * @throws RegistryUnavailableException when no URL answered
     */
    RegistryAnswer send(String method, String path, JsonNode body) {
        int first = preferredUrl.get();
        List<String> failures = new ArrayList<>();
        Throwable lastCause = null;
        for (int attempt = 0; attempt < baseUrls.size(); attempt++) {
            int index = (first + attempt) % baseUrls.size();
            String baseUrl = baseUrls.get(index);
            try {
                HttpResponse<String> response =
                        http.send(request(baseUrl, method, path, body), bodyHandler());
                RegistryAnswer answer = answer(response);
                if (isFailureOfRegistry(answer.status())) {
                    failures.add(
                            String.format(
                                    "%s failed (HTTP %d: %s)",
                                    baseUrl, answer.status(), answer.message()));
                    lastCause = null;
                    continue;
                }
                preferredUrl.set(index);
                health.recordAnswer();
                return answer;
            } catch (IOException e) {
                failures.add(failure(baseUrl, e));
                lastCause = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RegistryUnavailableException(
                        "interrupted while calling schema registry " + baseUrl, e);
            }
        }
        String reason = String.join("; ", failures);
        health.recordUnreachable(reason);
        throw new RegistryUnavailableException("schema registry " + reason, lastCause);
    }

    private HttpRequest request(String baseUrl, String method, String path, JsonNode body) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(baseUrl + path))
                        .timeout(settings.requestTimeout())
                        .header("Accept", ACCEPT);
        authorization.ifPresent(value -> request.header("Authorization", value));
        if (body == null) {
            return request.method(method, HttpRequest.BodyPublishers.noBody()).build();
        }
        return request.header("Content-Type", CONTENT_TYPE)
                .method(method, HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
    }

    private static HttpResponse.BodyHandler<String> bodyHandler() {
        return HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8);
    }

    private static RegistryAnswer answer(HttpResponse<String> response) {
        String text = response.body() == null ? "" : response.body();
        JsonNode body;
        try {
            body = text.isBlank() ? MissingNode.getInstance() : JSON.readTree(text);
        } catch (JsonProcessingException e) {
            body = MissingNode.getInstance(); // an HTML error page of a proxy, say
        }
        return new RegistryAnswer(response.statusCode(), body, text);
    }

    /** Statuses that say the registry (or a proxy before it) cannot serve now, not "no". */
    static boolean isFailureOfRegistry(int status) {
        return status >= 500 || status == 408 || status == 429;
    }

    private String failure(String baseUrl, IOException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SSLException) {
                return String.format(
                        "TLS handshake with %s failed: %s",
                        baseUrl, tlsReason((SSLException) cause));
            }
        }
        return baseUrl + " unreachable: " + reason(e);
    }

    /** Why a handshake failed, with the settings to check; never a store's password. */
    private static String tlsReason(SSLException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof CertPathBuilderException) {
                // PKIX found no chain from the server's certificate to a trusted one.
                return String.format(
                        "the server's certificate is not trusted (%s); check"
                                + " schema.registry.ssl.truststore.location",
                        cause.getMessage());
            }
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message
                + "; check schema.registry.ssl.truststore.location and, if the registry asks for"
                + " a client certificate, schema.registry.ssl.keystore.location";
    }

    private String reason(IOException e) {
        if (e instanceof HttpConnectTimeoutException) {
            return "no connection within " + settings.requestTimeout().toMillis() + " ms";
        }
        if (e instanceof HttpTimeoutException) {
            return "no answer within " + settings.requestTimeout().toMillis() + " ms";
        }
        // JDK 17's HTTP client drops the socket's message: a refused connection arrives as a
        // ConnectException over a ClosedChannelException, an unknown host over an
        // UnresolvedAddressException, none with a message.
        boolean connect = false;
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null && !cause.getMessage().isBlank()) {
                return cause.getMessage();
            }
            if (cause instanceof UnresolvedAddressException) {
                return "unknown host";
            }
            connect |= cause instanceof ConnectException;
        }
        return connect ? "Connection refused" : e.getClass().getSimpleName();
    }

    private static Optional<String> authorization(RegistrySettings settings) {
        if (settings.bearerToken().isPresent()) {
            return Optional.of("Bearer " + settings.bearerToken().get());
        }
        return settings.effectiveBasicAuthUserInfo()
                .map(
                        userInfo ->
                                "Basic "
                                        + Base64.getEncoder()
                                                .encodeToString(
                                                        userInfo.getBytes(StandardCharsets.UTF_8)));
    }
}
