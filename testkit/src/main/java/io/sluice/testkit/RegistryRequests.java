package io.sluice.testkit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/** The few requests the test kit makes to a schema registry it runs: readiness and set-up. */
final class RegistryRequests {
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration PROBE_INTERVAL = Duration.ofMillis(250);
    private static final HttpClient HTTP = client(null);

    private RegistryRequests() {}

    /** A client whose TLS is {@code tls}, or the JDK's default when null. */
    static HttpClient client(SSLContext tls) {
        HttpClient.Builder builder =
                HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(REQUEST_TIMEOUT);
        if (tls != null) {
            builder.sslContext(tls);
        }
        return builder.build();
    }

    /** Waits for a registry served over plain HTTP; see the other overload. */
    static void awaitReady(String url, Duration timeout, Supplier<String> failure) {
        awaitReady(HTTP, url, timeout, failure);
    }

    /**
     * Waits until {@code GET <url>/subjects} answers 200 to {@code http}.
     *
     * @param failure checked between probes: a message when waiting is pointless (the registry's
     *     process exited), else null
     * @throws IllegalStateException with that message, or when the timeout passes
     */
    static void awaitReady(
            HttpClient http, String url, Duration timeout, Supplier<String> failure) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!answers(http, url)) {
            String problem = failure.get();
            if (problem != null) {
                throw new IllegalStateException(problem);
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException(
                        String.format(
                                "the schema registry at %s did not answer within %s",
                                url, timeout));
            }
            sleep(PROBE_INTERVAL);
        }
    }

    /** Sets the global compatibility rule of a registry served over plain HTTP. */
    static void setGlobalCompatibility(String url, String level) {
        setGlobalCompatibility(HTTP, url, level);
    }

    /**
     * Sets the registry's global compatibility rule; Apicurio's default is NONE where Confluent's
     * is BACKWARD, and tests expect Confluent's.
     */
    static void setGlobalCompatibility(HttpClient http, String url, String level) {
        HttpRequest request =
                HttpRequest.newBuilder(URI.create(url + "/config"))
                        .timeout(REQUEST_TIMEOUT.multipliedBy(5))
                        .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                        .PUT(
                                HttpRequest.BodyPublishers.ofString(
                                        "{\"compatibility\":\"" + level + "\"}"))
                        .build();
        HttpResponse<String> response = send(http, request);
        if (response.statusCode() != 200) {
            throw new IllegalStateException(
                    String.format(
                            "the schema registry at %s refused the global compatibility %s: HTTP %d %s",
                            url, level, response.statusCode(), response.body()));
        }
    }

    private static boolean answers(HttpClient http, String url) {
        HttpRequest request =
                HttpRequest.newBuilder(URI.create(url + "/subjects"))
                        .timeout(REQUEST_TIMEOUT)
                        .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false; // not listening yet, or its TLS is not up yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the schema registry", e);
        }
    }

    private static HttpResponse<String> send(HttpClient http, HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(
                    "cannot reach the schema registry: " + request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while calling the schema registry", e);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the schema registry", e);
        }
    }
}
