package io.sluice.processor.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;

/**
 * What another Kafka tool does with a registry, from its REST API, Jackson and Avro alone (not
 * Sluice's client): registers producer schemas, writes and reads the Confluent wire format. The
 * tests check Sluice's topics with it, so they show what the rest of the Kafka world sees.
 */
final class PlainRegistryClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

    private final String url;
    private final HttpClient http = HttpClient.newHttpClient();
    private final Map<Integer, Schema> byId = new HashMap<>();

    PlainRegistryClient(String url) {
        this.url = url;
    }

    /** Registers {@code schema} under {@code subject}; returns its id. */
    int register(String subject, Schema schema) throws IOException, InterruptedException {
        String body = JSON.writeValueAsString(Map.of("schema", schema.toString()));
        JsonNode answer = send("POST", "/subjects/" + subject + "/versions", body);
        return answer.get("id").asInt();
    }

    /** The latest schema of {@code subject}. */
    Schema latest(String subject) throws IOException, InterruptedException {
        return new Schema.Parser()
                .parse(
                        send("GET", "/subjects/" + subject + "/versions/latest", null)
                                .get("schema")
                                .asText());
    }

    /** The record in the wire format: byte 0, the id in 4 bytes, the Avro body. */
    static byte[] encode(int id, GenericRecord record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(ByteBuffer.allocate(5).put((byte) 0).putInt(id).array());
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(record.getSchema()).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    /** Decodes a wire-format record with the writer schema its id names in the registry. */
    GenericRecord decode(byte[] bytes) throws IOException, InterruptedException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        if (buffer.get() != 0) {
            throw new IOException("no magic byte 0");
        }
        int id = buffer.getInt();
        Schema writer = byId.get(id);
        if (writer == null) {
            writer =
                    new Schema.Parser()
                            .parse(send("GET", "/schemas/ids/" + id, null).get("schema").asText());
            byId.put(id, writer);
        }
        return new GenericDatumReader<GenericRecord>(writer)
                .read(null, DecoderFactory.get().binaryDecoder(bytes, 5, bytes.length - 5, null));
    }

    /** The id in a wire-format record's header. */
    static int idOf(byte[] bytes) {
        return ByteBuffer.wrap(bytes, 1, 4).getInt();
    }

    private JsonNode send(String method, String path, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(url + path)).header("Accept", CONTENT_TYPE);
        request.method(
                method,
                body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", CONTENT_TYPE);
        }
        HttpResponse<String> response =
                http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(method + " " + path + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }
}
