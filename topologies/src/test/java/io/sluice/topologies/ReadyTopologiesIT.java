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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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
                notification.put("EarnedLoyaltyPoints", total * 0.2);
                expected.add(notification.get("CustomerCardNo").asText() + " " + notification);
            }
        }
        List<String> actual = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : Topics.readCommitted(kafka, output)) {
            actual.add(utf8(record.key()) + " " + JSON.readTree(record.value()));
        }
        assertThat(expected).isNotEmpty();
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
                        shipped.maxRecordsPerBatch());
        PipelineRunner runner =
                new PipelineRunner(
                        plan, EngineSettings.of(kafka.bootstrapServers(), "it"), System.out);

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

    private static String utf8(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }
}
