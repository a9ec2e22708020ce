package io.sluice.topologies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.serdes.Codecs;
import io.sluice.serdes.DecodeResult;
import io.sluice.serdes.FormatSpec;
import io.sluice.serdes.Schemas;
import io.sluice.serdes.json.JsonOptions;
import io.sluice.testkit.JvmProcess;
import io.sluice.testkit.KafkaCluster;
import io.sluice.testkit.KafkaClusterExtension;
import io.sluice.testkit.SchemaRegistryExtension;
import io.sluice.testkit.SchemaRegistryServer;
import io.sluice.testkit.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ready topology {@code json-to-avro-registry}, run as {@code sluice run} in a JVM of its own
 * with the registry in its service configuration: the 1,000 sample invoices come out in the
 * Confluent wire format, and a consumer that knows only the registry's REST API and Avro decodes
 * every one of them to the invoice it was.
 */
@ExtendWith({KafkaClusterExtension.class, SchemaRegistryExtension.class})
class RegistryTopologyIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaCluster kafka;
    private final SchemaRegistryServer registry;
    @TempDir Path work;

    RegistryTopologyIT(KafkaCluster kafka, SchemaRegistryServer registry) {
        this.kafka = kafka;
        this.registry = registry;
    }

    @Test
    void shouldWriteEveryInvoiceInTheWireFormatThatAPlainConsumerDecodes() throws Exception {
        String input = kafka.uniqueTopic("invoices");
        String output = kafka.uniqueTopic("invoices-avro-registry");
        kafka.createTopics(3, input);
        List<String> sample = Invoices.sample();
        Topics.produce(kafka, input, sample);
        Path pipeline = copyTopology(input, output);
        Path config = work.resolve("sluice.yaml");
        Files.writeString(
                config,
                "schema.registry.url: "
                        + registry.url()
                        + "\nstate.dir: "
                        + work.resolve("state")
                        + "\n");

        try (JvmProcess sluice =
                SluiceProcess.run(
                        kafka,
                        pipeline,
                        "registry-0",
                        work.resolve("sluice.log"),
                        "--config",
                        config.toString())) {
            await().atMost(Duration.ofMinutes(2))
                    .ignoreExceptions()
                    .until(() -> Topics.readCommitted(kafka, output).size() == sample.size());
            assertThat(sluice.terminate(Duration.ofSeconds(60))).isZero();
        }

        Schema schema = Schemas.parse(pipeline.resolveSibling("schemas/invoice.avsc"));
        var decoder = Codecs.decoder(new FormatSpec.Json(JsonOptions.defaults()), schema);
        List<String> expected = new ArrayList<>();
        for (String line : sample) {
            expected.add(((DecodeResult.Decoded) decoder.decode(bytes(line))).row().toString());
        }
        PlainConsumer plain = new PlainConsumer(registry.url());
        List<String> actual = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : Topics.readCommitted(kafka, output)) {
            GenericRecord invoice = plain.decode(record.value());
            assertThat(new String(record.key(), StandardCharsets.UTF_8))
                    .isEqualTo(invoice.get("StoreID").toString());
            actual.add(invoice.toString());
        }
        assertThat(actual).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(plain.subjectSchema(output + "-value")).isEqualTo(schema);
    }

    /** Copies the topology, its topics replaced by the test's. */
    private Path copyTopology(String input, String output) throws Exception {
        Path source = Path.of("json-to-avro-registry");
        Path target = work.resolve("json-to-avro-registry");
        Files.createDirectories(target.resolve("schemas"));
        Files.copy(source.resolve("schemas/invoice.avsc"), target.resolve("schemas/invoice.avsc"));
        String yaml =
                Files.readString(source.resolve("pipeline.yaml"))
                        .replace("topic: invoices-avro-registry", "topic: " + output)
                        .replace("topic: invoices\n", "topic: " + input + "\n")
                        .replace("name: json-to-avro-registry", "name: " + input + "-pipeline");
        Path pipeline = target.resolve("pipeline.yaml");
        Files.writeString(pipeline, yaml);
        return pipeline;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A consumer of the wire format with nothing but the registry's REST API and Avro. */
    private static final class PlainConsumer {
        private final String url;
        private final HttpClient http = HttpClient.newHttpClient();
        private final Map<Integer, Schema> byId = new HashMap<>();

        PlainConsumer(String url) {
            this.url = url;
        }

        GenericRecord decode(byte[] value) throws Exception {
            ByteBuffer header = ByteBuffer.wrap(value, 0, 5);
            assertThat(header.get()).as("magic byte").isZero();
            int id = header.getInt();
            Schema writer = byId.get(id);
            if (writer == null) {
                writer =
                        new Schema.Parser().parse(get("/schemas/ids/" + id).get("schema").asText());
                byId.put(id, writer);
            }
            return new GenericDatumReader<GenericRecord>(writer)
                    .read(
                            null,
                            DecoderFactory.get().binaryDecoder(value, 5, value.length - 5, null));
        }

        Schema subjectSchema(String subject) throws Exception {
            return new Schema.Parser()
                    .parse(get("/subjects/" + subject + "/versions/latest").get("schema").asText());
        }

        private JsonNode get(String path) throws Exception {
            HttpResponse<String> response =
                    http.send(
                            HttpRequest.newBuilder(URI.create(url + path)).GET().build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            return JSON.readTree(response.body());
        }
    }
}
