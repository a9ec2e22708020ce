package io.sluice.bench.e2e.streams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/**
 * A JSON object to plain Avro binary converter for flat record schemas (primitive fields and
 * nullable primitives), written the way a Kafka Streams user would: Jackson's tree, a {@code
 * GenericRecord}, Avro's {@code GenericDatumWriter}.
 *
 * <p>Thread-safe: the writer and the mapper are shared, buffers are per call.
 */
final class JsonToAvro {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Schema schema;
    private final GenericDatumWriter<GenericRecord> writer;

    JsonToAvro(Schema schema) {
        this.schema = schema;
        this.writer = new GenericDatumWriter<>(schema);
    }

    /** The Avro binary encoding of the JSON object in {@code json}. */
    byte[] convert(byte[] json) {
        try {
            GenericRecord record = toRecord(JSON.readTree(json));
            ByteArrayOutputStream out = new ByteArrayOutputStream(json.length);
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            writer.write(record, encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private GenericRecord toRecord(JsonNode tree) {
        GenericRecord record = new GenericData.Record(schema);
        for (Schema.Field field : schema.getFields()) {
            record.put(field.pos(), value(field.schema(), tree.get(field.name())));
        }
        return record;
    }

    private static Object value(Schema schema, JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        switch (schema.getType()) {
            case UNION:
                for (Schema branch : schema.getTypes()) {
                    if (branch.getType() != Schema.Type.NULL) {
                        return value(branch, node);
                    }
                }
                return null;
            case STRING:
                return node.asText();
            case LONG:
                return node.asLong();
            case INT:
                return node.asInt();
            case DOUBLE:
                return node.asDouble();
            case FLOAT:
                return (float) node.asDouble();
            case BOOLEAN:
                return node.asBoolean();
            default:
                throw new IllegalArgumentException(
                        "unsupported field type " + schema.getType() + " in a flat record schema");
        }
    }
}
