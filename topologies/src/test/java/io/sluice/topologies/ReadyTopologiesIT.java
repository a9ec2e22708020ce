package io.sluice.topologies;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.processor.engine.EngineSettings;
import io.sluice.processor.engine.PipelineRunner;
import io.sluice.processor.pipeline.PipelineFile;
import io.sluice.processor.plan.PipelinePlan;
import io.sluice.processor.plan.Trigger;
import io.sluice.testkit.KafkaCluster;
import io.sluice.testkit.KafkaClusterExtension;
import io.sluice.testkit.Topics;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ready topologies, as shipped (their pipeline files with only the topic names changed), on a
 * real broker over the sample invoices: exact output records.
 */
@ExtendWith(KafkaClusterExtension.class)
class ReadyTopologiesIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaCluster kafka;

    @TempDir Path work;

    ReadyTopologiesIT(KafkaCluster kafka) {
        this.kafka = kafka;
    }

    @Test
    void shouldSendLoyaltyPointsOfPrimeInvoicesKeyedByCardWhenRunningInvoiceNotifications()
            throws Exception {
        String input = load("notif-in");
        String output = kafka.uniqueTopic("notifications");

        run("invoice-notifications", Map.of("invoices", input, "notifications", output));

        List<String> expected = new ArrayList<>();
        for (String line : Invoices.sample()) {
            JsonNode invoice = JSON.readTree(line);
            if (invoice.get("CustomerType").asText().equals("PRIME")) {
                double total = invoice.get("TotalValue").asDouble();
                ObjectNode notification = JSON.createObjectNode();
                notification.put("CustomerCardNo", invoice.get("CustomerCardNo").asText());
                notification.put("TotalAmount", total);
                notification.put("EarnedLoyaltyPoints", cents(total * 0.2));
                expected.add(notification.get("CustomerCardNo").asText() + " " + notification);
            }
        }
        List<String> actual = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : Topics.readCommitted(kafka, output)) {
            actual.add(utf8(record.key()) + " " + JSON.readTree(record.value()));
        }
        assertThat(expected).isNotEmpty();
        assertThat(actual).containsExactlyInAnyOrderElementsOf(expected);
        // 3597.0 * 0.2 is 719.4000000000001 in double arithmetic; the pipeline rounds to cents
        assertThat(actual)
                .contains(
                        "2842325997 {\"CustomerCardNo\":\"2842325997\",\"TotalAmount\":3597.0,"
                                + "\"EarnedLoyaltyPoints\":719.4}");
    }

    @Test
    void shouldCarryTheCustomersContactsWhenRunningInvoiceEnrichedNotifications() throws Exception {
        String input = load("enriched-in");
        String customers = kafka.uniqueTopic("customers");
        kafka.createTopics(3, customers);
        Map<String, JsonNode> byCard = new HashMap<>();
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("data", "customers.jsonl"))) {
            JsonNode customer = JSON.readTree(line);
            String card = customer.get("CustomerCardNo").asText();
            byCard.put(card, customer);
            records.add(
                    new ProducerRecord<>(
                            customers,
                            card.getBytes(StandardCharsets.UTF_8),
                            line.getBytes(StandardCharsets.UTF_8)));
        }
        Topics.produceRecords(kafka, customers, records);
        String output = kafka.uniqueTopic("enriched-notifications");

        run(
                "invoice-enriched-notifications",
                Map.of(
                        "invoices",
                        input,
                        "customers",
                        customers,
                        "enriched-notifications",
                        output));

        List<String> expected = new ArrayList<>();
        int unknown = 0;
        for (String line : Invoices.sample()) {
            JsonNode invoice = JSON.readTree(line);
            if (invoice.get("CustomerType").asText().equals("PRIME")) {
                String card = invoice.get("CustomerCardNo").asText();
                JsonNode customer = byCard.get(card);
                unknown += customer == null ? 1 : 0;
                double total = invoice.get("TotalValue").asDouble();
                ObjectNode notification = JSON.createObjectNode();
                notification.put("CustomerCardNo", card);
                for (String column : List.of("Name", "EmailAddress", "MobileNumber")) {
                    String name = column.equals("Name") ? "CustomerName" : column;
                    if (customer == null) {
                        notification.putNull(name);
                    } else {
                        notification.put(name, customer.get(column).asText());
                    }
                }
                notification.put("TotalAmount", total);
                notification.put("EarnedLoyaltyPoints", cents(total * 0.2));
                expected.add(card + " " + notification);
            }
        }
        List<String> actual = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : Topics.readCommitted(kafka, output)) {
            actual.add(utf8(record.key()) + " " + JSON.readTree(record.value()));
        }
        assertThat(unknown).isEqualTo(8); // the sample leaves 8 PRIME card numbers unknown
        assertThat(actual).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void shouldRoundTripEveryInvoiceWhenJsonGoesToAvroAndBackToJson() throws Exception {
        String input = load("invoices");
        String avro = kafka.uniqueTopic("invoices-avro");
        String json = kafka.uniqueTopic("invoices-json");

        run("json-to-avro", Map.of("invoices", input, "invoices-avro", avro));
        run("avro-to-json", Map.of("invoices-avro", avro, "invoices-json", json));

        List<JsonNode> expected = new ArrayList<>();
        for (String line : Invoices.sample()) {
            expected.add(JSON.readTree(line));
        }
        List<GenericRecord> avroRows = Avro.read(kafka, avro, PipelineFiles.INVOICE_SCHEMA);
        assertThat(avroRows).hasSize(expected.size());
        assertThat(avroRows)
                .extracting(r -> r.get("InvoiceNumber").toString())
                .containsExactlyInAnyOrderElementsOf(
                        expected.stream().map(n -> n.get("InvoiceNumber").asText()).toList());
        List<JsonNode> roundTripped = new ArrayList<>();
        for (String value : Topics.readCommittedValues(kafka, json)) {
            roundTripped.add(JSON.readTree(value));
        }
        assertThat(roundTripped).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void shouldAddUpClosedWindowsWhenRunningTotalsFollowTheTradeWindows() throws Exception {
        String input = kafka.uniqueTopic("trades");
        String output = kafka.uniqueTopic("trades-running-totals");
        kafka.createTopics(1, input);
        List<String> trades = new ArrayList<>(Files.readAllLines(Path.of("data", "trades.jsonl")));
        // the later trade the topology's comment names: it moves the watermark to 11:00
        trades.add(
                "{\"CreatedTime\": \"2019-02-05 11:30:00\", \"Type\": \"BUY\", \"Amount\": 100,"
                        + " \"BrokerCode\": \"ABX\"}");
        Topics.produce(kafka, input, trades);

        run("trades-running-totals", Map.of("trades", input, "trades-running-totals", output));

        List<String> rows = new ArrayList<>();
        for (String value : Topics.readCommittedValues(kafka, output)) {
            JsonNode row = JSON.readTree(value);
            StringBuilder line = new StringBuilder(row.get("window_start").asText());
            for (String column :
                    List.of("TotalBuy", "TotalSell", "RTotalBuy", "RTotalSell", "NetValue")) {
                line.append(' ').append(row.get(column).asText());
            }
            rows.add(line.toString());
        }
        assertThat(rows)
                .containsExactly(
                        "2019-02-05 10:00:00 800 0 800 0 800",
                        "2019-02-05 10:15:00 800 400 1600 400 1200",
                        "2019-02-05 10:30:00 900 0 2500 400 2100",
                        "2019-02-05 10:45:00 0 600 2500 1000 1500");
    }

    /** Loads the sample invoices into a fresh topic of 3 partitions. */
    private String load(String prefix) {
        String topic = kafka.uniqueTopic(prefix);
        kafka.createTopics(3, topic);
        Topics.produce(kafka, topic, Invoices.sample());
        return topic;
    }

    /** Runs a ready topology's pipeline file, with its topics renamed, over what is there. */
    private void run(String topology, Map<String, String> topics) throws IOException {
        Path file = copy(Path.of(topology), topics);
        PipelinePlan shipped = PipelineFile.compile(file);
        PipelinePlan plan =
                new PipelinePlan(
                        kafka.uniqueTopic(shipped.name()),
                        shipped.source(),
                        shipped.operators(),
                        shipped.sink(),
                        new Trigger.AvailableNow(),
                        shipped.errors(),
                        shipped.maxRecordsPerBatch(),
                        shipped.stateful());
        PipelineRunner runner =
                new PipelineRunner(
                        plan,
                        EngineSettings.of(kafka.bootstrapServers(), "it")
                                .withStateDirectory(work.resolve("state")),
                        System.out);

        assertThat(runner.run()).isEqualTo(PipelineRunner.Outcome.FINISHED);
        assertThat(runner.totals().deadLettered()).isZero();
    }

    /** Copies a topology's folder, replacing {@code topic: X} lines by the test's topics. */
    private Path copy(Path topology, Map<String, String> topics) throws IOException {
        Path target = work.resolve(topology.getFileName().toString());
        try (var files = Files.walk(topology)) {
            for (Iterator<Path> it = files.iterator(); it.hasNext(); ) {
                Path source = it.next();
                Path copy = target.resolve(topology.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(source, copy);
                }
            }
        }
        Path pipeline = target.resolve("pipeline.yaml");
        String yaml = Files.readString(pipeline);
        for (Map.Entry<String, String> topic : topics.entrySet()) {
            yaml =
                    yaml.replaceAll(
                            "(?m)^(\\s*topic:\\s*)" + topic.getKey() + "\\s*$",
                            "$1" + topic.getValue());
        }
        Files.writeString(pipeline, yaml);
        return pipeline;
    }

    /** The ready pipelines' {@code round(x, 2)}: half up, to two decimal places. */
    private static double cents(double value) {
        return BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_UP).doubleValue();
    }

    private static String utf8(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }
}
