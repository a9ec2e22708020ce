package io.sluice.bench.e2e.streams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * Kafka Streams' {@code invoice-notifications}: for each PRIME invoice, a JSON notification of the
 * loyalty points earned (20% of the total), keyed by loyalty card.
 */
final class NotificationsTopology {
    private static final ObjectMapper JSON = new ObjectMapper();

    private NotificationsTopology() {}

    static Topology build(String input, String output) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(input, Consumed.with(Serdes.String(), Serdes.ByteArray()))
                .mapValues(NotificationsTopology::parse)
                .filter((store, invoice) -> "PRIME".equals(invoice.path("CustomerType").asText()))
                .map(
                        (store, invoice) ->
                                KeyValue.pair(
                                        invoice.path("CustomerCardNo").asText(null),
                                        notification(invoice)))
                .to(output, Produced.with(Serdes.String(), Serdes.ByteArray()));
        return builder.build();
    }

    private static JsonNode parse(byte[] json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] notification(JsonNode invoice) {
        double total = invoice.path("TotalValue").asDouble();
        ObjectNode out = JSON.createObjectNode();
        out.set("CustomerCardNo", invoice.get("CustomerCardNo"));
        out.put("TotalAmount", total);
        // the ready pipeline's round(TotalValue * 0.2, 2)
        out.put(
                "EarnedLoyaltyPoints",
                BigDecimal.valueOf(total * 0.2).setScale(2, RoundingMode.HALF_UP).doubleValue());
        try {
            return JSON.writeValueAsBytes(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
