package io.sluice.topologies;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.testkit.JvmProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The HTTP endpoint of a {@link SluiceProcess}, found from the address it prints at start. */
final class SluiceEndpoint {
    private static final Pattern ADDRESS =
            Pattern.compile("Status, metrics and dashboard on (http://\\S+/)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JvmProcess process;
    private final URI base;
    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private SluiceEndpoint(JvmProcess process, URI base) {
        this.process = process;
        this.base = base;
    }

    /** Waits for the process to print its address. */
    static SluiceEndpoint of(JvmProcess process) {
        String[] found = new String[1];
        await().atMost(Duration.ofMinutes(1))
                .until(
                        () -> {
                            if (!process.isAlive()) {
                                throw new AssertionError("exited:\n" + process.output());
                            }
                            Matcher m = ADDRESS.matcher(process.output());
                            if (m.find()) {
                                found[0] = m.group(1);
                                return true;
                            }
                            return false;
                        });
        return new SluiceEndpoint(process, URI.create(found[0]));
    }

    URI uri(String path) {
        return base.resolve(path);
    }

    /** The status code of a GET. */
    int status(String path) {
        return get(path).statusCode();
    }

    String text(String path) {
        HttpResponse<String> response = get(path);
        if (response.statusCode() != 200) {
            throw new AssertionError(path + " answered " + response.statusCode());
        }
        return response.body();
    }

    JsonNode json(String path) {
        try {
            return JSON.readTree(text(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpResponse<String> get(String path) {
        try {
            return client.send(
                    HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            // Keep the evidence: whether the instance was still running, and what it logged.
            throw new UncheckedIOException(
                    "GET "
                            + path
                            + " failed; the instance is "
                            + (process.isAlive() ? "running" : "gone")
                            + ", its output:\n"
                            + process.output(),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
