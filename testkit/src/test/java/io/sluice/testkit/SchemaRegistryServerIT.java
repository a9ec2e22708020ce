package io.sluice.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The test schema registry answers Confluent's API, and keeps its schemas across a restart. */
@ExtendWith(SchemaRegistryExtension.class)
class SchemaRegistryServerIT {
    private static final String SCHEMA =
            "{\"schema\":\"{\\\"type\\\":\\\"record\\\",\\\"name\\\":\\\"Probe\\\","
                    + "\\\"fields\\\":[{\\\"name\\\":\\\"n\\\",\\\"type\\\":\\\"long\\\"}]}\"}";

    private final SchemaRegistryServer registry;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    SchemaRegistryServerIT(SchemaRegistryServer registry) {
        this.registry = registry;
    }

    @Test
    void shouldAnswerConfluentsApiWithBackwardCompatibilityWhenStartedByTheTestKit()
            throws Exception {
        assumeThat(registry.kind()).as("the test kit set the global rule").isNotEqualTo("external");

        HttpResponse<String> subjects = get("/subjects");
        HttpResponse<String> config = get("/config");

        assertThat(subjects.statusCode()).isEqualTo(200);
        assertThat(subjects.body()).startsWith("[");
        assertThat(config.body()).contains("\"BACKWARD\"");
    }

    @Test
    void shouldKeepSchemasAndIdsWhenStoppedAndStartedAgain() throws Exception {
        assumeThat(registry.canStop()).as("an external registry cannot be stopped").isTrue();
        String subject = "probe-" + UUID.randomUUID();
        String id = idIn(post("/subjects/" + subject + "/versions", SCHEMA).body());

        registry.stop();
        registry.start();

        HttpResponse<String> schema = get("/schemas/ids/" + id);
        assertThat(schema.statusCode()).isEqualTo(200);
        assertThat(schema.body()).contains("Probe");
        assertThat(idIn(post("/subjects/" + subject + "/versions", SCHEMA).body())).isEqualTo(id);
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create(registry.url() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body)
            throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create(registry.url() + path))
                        .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The id of a {@code {"id":N}} answer; enough JSON for a probe. */
    private static String idIn(String body) {
        assertThat(body).matches("\\{\"id\":\\d+}");
        return body.replaceAll("\\D", "");
    }
}
