package io.sluice.bench.e2e.streams;

import org.apache.avro.Schema;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * Kafka Streams' {@code json-to-avro}: invoices as JSON in, the same invoices as plain Avro binary
 * out, keyed by store (the input key).
 */
final class JsonToAvroTopology {
    private JsonToAvroTopology() {}

    static Topology build(String input, String output, Schema schema) {
        JsonToAvro converter = new JsonToAvro(schema);
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(input, Consumed.with(Serdes.String(), Serdes.ByteArray()))
                .mapValues(converter::convert)
                .to(output, Produced.with(Serdes.String(), Serdes.ByteArray()));
        return builder.build();
    }
}
