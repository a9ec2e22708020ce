package io.sluice.bench.e2e.streams;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.bench.JsonTreeRecords;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.Schema;
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
            GenericRecord record = JsonTreeRecords.toRecord(JSON.readTree(json), schema);
            ByteArrayOutputStream out = new ByteArrayOutputStream(json.length);
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            writer.write(record, encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
