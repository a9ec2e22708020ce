package io.sluice.topologies;

import io.sluice.testkit.KafkaCluster;
import io.sluice.testkit.Topics;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Reads a topic of plain Avro binary records with Avro's own reader, not Sluice's codecs. */
final class Avro {
    private Avro() {}

    static List<GenericRecord> read(KafkaCluster kafka, String topic, Path schemaFile)
            throws IOException {
        Schema schema = new Schema.Parser().parse(schemaFile.toFile());
        GenericDatumReader<GenericRecord> reader = new GenericDatumReader<>(schema);
        List<GenericRecord> rows = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : Topics.readCommitted(kafka, topic)) {
            rows.add(reader.read(null, DecoderFactory.get().binaryDecoder(record.value(), null)));
        }
        return rows;
    }
}
