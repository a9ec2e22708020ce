package io.sluice.bench.e2e.streams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Produced;

/**
 * Kafka Streams' {@code invoice-enriched-notifications}: for each PRIME invoice, a JSON
 * notification of the loyalty points earned (20% of the total) with the customer's name, e-mail and
 * phone, keyed by loyalty card. The customers are a {@code KTable} of their compacted topic, and
 * the join is a left join: an invoice whose card is in no customer still notifies, with nulls.
 *
 * <p>The invoices must come keyed by card and in as many partitions as the customers: then each
 * task joins its invoices with its own partition of the table, and no repartition topic is needed.
 * The table keeps each customer's bytes as read; the joiner parses the one it finds.
 */
final class EnrichedNotificationsTopology {
    private static final ObjectMapper JSON = new ObjectMapper();

    private EnrichedNotificationsTopology() {}

    /**
     * The topology, built with {@code config} so that its {@code topology.optimization} applies
     * (with it, the customers topic is the table's changelog: no copy of it is written).
     */
    static Topology build(String input, String customers, String output, Properties config) {
        StreamsBuilder builder = new StreamsBuilder();
        KTable<String, byte[]> table =
                builder.table(customers, Consumed.with(Serdes.String(), Serdes.ByteArray()));
        builder.stream(input, Consumed.with(Serdes.String(), Serdes.ByteArray()))
                .mapValues(EnrichedNotificationsTopology::parse)
                .filter((card, invoice) -> "PRIME".equals(invoice.path("CustomerType").asText()))
                .leftJoin(table, EnrichedNotificationsTopology::notification)
                .to(output, Produced.with(Serdes.String(), Serdes.ByteArray()));
        return builder.build(config);
    }

    private static JsonNode parse(byte[] json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The notification of {@code invoice}; {@code customer} is null when the card is unknown. */
    private static byte[] notification(JsonNode invoice, byte[] customer) {
        JsonNode found = customer == null ? NullNode.getInstance() : parse(customer);
        double total = invoice.path("TotalValue").asDouble();
        ObjectNode out = JSON.createObjectNode();
        out.set("CustomerCardNo", invoice.get("CustomerCardNo"));
        // set() turns the null of a field not found into a JSON null.
        out.set("CustomerName", found.get("Name"));
        out.set("EmailAddress", found.get("EmailAddress"));
        out.set("MobileNumber", found.get("MobileNumber"));
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
