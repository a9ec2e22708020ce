package io.sluice.processor.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import io.sluice.processor.engine.EngineListener;
import io.sluice.processor.engine.EngineSettings;
import io.sluice.processor.engine.PipelineRunner;
import io.sluice.processor.pipeline.PipelineFile;
import io.sluice.processor.pipeline.RegistryAccess;
import io.sluice.processor.plan.PipelinePlan;
import io.sluice.registry.CachedSchemaRegistry;
import io.sluice.registry.RegistrySettings;
import io.sluice.registry.SchemaRegistryClient;
import io.sluice.service.InstanceStatus;
import io.sluice.testkit.KafkaCluster;
import io.sluice.testkit.KafkaClusterExtension;
import io.sluice.testkit.SchemaRegistryExtension;
import io.sluice.testkit.SchemaRegistryServer;
import io.sluice.testkit.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Avro topics through a real schema registry on a real broker: JSON to Avro under an id registered
 * at start that a plain consumer resolves, a producer that evolves its schema while the pipeline
 * runs, a record whose id no registry knows, and the registry stopped and started again in the
 * middle of a run.
 */
@ExtendWith({KafkaClusterExtension.class, SchemaRegistryExtension.class})
class SchemaRegistryIT {
    private static final Schema INVOICE =
            new Schema.Parser()
                    .parse(
                            "{\"type\":\"record\",\"name\":\"Invoice\",\"namespace\":\"shop\","
                                    + "\"fields\":["
                                    + "{\"name\":\"InvoiceNumber\",\"type\":\"string\"},"
                                    + "{\"name\":\"Store\",\"type\":\"string\"},"
                                    + "{\"name\":\"Amount\",\"type\":\"int\"}]}");

    /** The producer's next version: a field with a default, which BACKWARD allows. */
    private static final Schema INVOICE_V2 =
            new Schema.Parser()
                    .parse(
                            "{\"type\":\"record\",\"name\":\"Invoice\",\"namespace\":\"shop\","
                                    + "\"fields\":["
                                    + "{\"name\":\"InvoiceNumber\",\"type\":\"string\"},"
                                    + "{\"name\":\"Store\",\"type\":\"string\"},"
                                    + "{\"name\":\"Amount\",\"type\":\"int\"},"
                                    + "{\"name\":\"Currency\",\"type\":\"string\","
                                    + "\"default\":\"EUR\"}]}");

    private final KafkaCluster kafka;
    private final SchemaRegistryServer registry;
    private final PlainRegistryClient plain;
    @TempDir Path directory;
    private String input;
    private String output;
    private String name;

    SchemaRegistryIT(KafkaCluster kafka, SchemaRegistryServer registry) {
        this.kafka = kafka;
        this.registry = registry;
        this.plain = new PlainRegistryClient(registry.url());
    }

    @BeforeEach
    void topics() throws Exception {
        input = kafka.uniqueTopic("invoices");
        output = kafka.uniqueTopic("out");
        name = kafka.uniqueTopic("registry-pipeline");
        kafka.createTopics(2, input);
        Files.writeString(directory.resolve("invoice.avsc"), INVOICE.toString(true));
    }

    @Test
    void shouldWriteJsonAsAvroUnderARegisteredIdThatAPlainConsumerResolves() throws Exception {
        Topics.produce(
                kafka,
                input,
                List.of(
                        "{\"InvoiceNumber\":\"I1\",\"Store\":\"S1\",\"Amount\":10}",
                        "{\"InvoiceNumber\":\"I2\",\"Store\":\"S2\",\"Amount\":20}",
                        "{\"InvoiceNumber\":\"I3\",\"Store\":\"S1\",\"Amount\":30}"));
        PipelinePlan plan =
                compile(
                        "source: {topic: "
                                + input
                                + ", format: json, schema: invoice.avsc}\n"
                                + "trigger: {availableNow: true}\n"
                                + "sink: {topic: "
                                + output
                                + ", format: avro, schema:"
                                + " invoice.avsc, registry: true}\n");

        run(plan, EngineListener.NONE);

        List<String> rows = new ArrayList<>();
        List<Integer> ids = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : Topics.readCommitted(kafka, output)) {
            rows.add(text(plain.decode(record.value())));
            ids.add(PlainRegistryClient.idOf(record.value()));
        }
        assertThat(rows).containsExactlyInAnyOrder("I1 S1 10", "I2 S2 20", "I3 S1 30");
        // registered at start under the topic's subject, one id for every record
        assertThat(plain.latest(output + "-value")).isEqualTo(INVOICE);
        assertThat(ids).containsOnly(plain.register(output + "-value", INVOICE));
    }

    @Test
    void shouldKeepRunningWhenTheProducerEvolvesItsSchemaAndReadBothVersions() throws Exception {
        int v1 = plain.register(input + "-value", INVOICE);
        // the rows' schema is the subject's latest version at start: v1
        PipelinePlan plan = compile(avroToJson(false));
        PipelineRunner runner = runner(plan, EngineListener.NONE);
        CompletableFuture<PipelineRunner.Outcome> run = CompletableFuture.supplyAsync(runner::run);
        try {
            produce(v1, invoice(INVOICE, "I1", 10), invoice(INVOICE, "I2", 20));
            await().atMost(Duration.ofSeconds(60))
                    .ignoreExceptions()
                    .until(() -> outputRows().size() == 2);

            int v2 = plain.register(input + "-value", INVOICE_V2);
            GenericRecord inDollars = invoice(INVOICE_V2, "I3", 30);
            inDollars.put("Currency", "USD");
            produce(v2, inDollars, invoice(INVOICE_V2, "I4", 40));
            produce(v1, invoice(INVOICE, "I5", 50));
            await().atMost(Duration.ofSeconds(60))
                    .ignoreExceptions()
                    .until(() -> outputRows().size() == 5);
        } finally {
            runner.stop();
        }
        assertThat(run.get()).isEqualTo(PipelineRunner.Outcome.FINISHED);
        assertThat(outputRows())
                .containsExactlyInAnyOrder(
                        "I1 S1 10", "I2 S1 20", "I3 S1 30", "I4 S1 40", "I5 S1 50");
        assertThat(deadLetters()).isEmpty();
    }

    @Test
    void shouldDeadLetterRecordsWhoseSchemaIdIsUnknownOrCannotBeReadAsTheRows() throws Exception {
        int v1 = plain.register(input + "-value", INVOICE);
        // a schema of another subject: its records have no InvoiceNumber to read
        Schema reading =
                new Schema.Parser()
                        .parse(
                                "{\"type\":\"record\",\"name\":\"Reading\",\"fields\":["
                                        + "{\"name\":\"Value\",\"type\":\"int\"}]}");
        int other = plain.register(input + "-reading", reading);
        GenericRecord value = new GenericData.Record(reading);
        value.put("Value", 7);
        byte[] unknown = PlainRegistryClient.encode(987_654, invoice(INVOICE, "I2", 20));
        byte[] unreadable = PlainRegistryClient.encode(other, value);
        Topics.produceRecords(
                kafka,
                input,
                List.of(
                        record(PlainRegistryClient.encode(v1, invoice(INVOICE, "I1", 10))),
                        record(unknown),
                        record(unreadable),
                        record(PlainRegistryClient.encode(v1, invoice(INVOICE, "I3", 30)))));
        PipelinePlan plan = compile(avroToJson(true));

        run(plan, EngineListener.NONE);

        assertThat(outputRows()).containsExactlyInAnyOrder("I1 S1 10", "I3 S1 30");
        List<ConsumerRecord<byte[], byte[]>> dead = Topics.readCommitted(kafka, name + "-dlq");
        assertThat(dead).hasSize(2);
        assertThat(dead.get(0).value()).isEqualTo(unknown);
        assertThat(Topics.header(dead.get(0), "sluice.error.reason"))
                .contains("unknown schema id 987654");
        assertThat(Topics.header(dead.get(0), "sluice.source.offset")).isEqualTo("1");
        assertThat(dead.get(1).value()).isEqualTo(unreadable);
        assertThat(Topics.header(dead.get(1), "sluice.error.reason"))
                .contains("schema id " + other + ": writer schema Reading cannot be read as")
                .contains("InvoiceNumber");
        assertThat(Topics.header(dead.get(1), "sluice.source.offset")).isEqualTo("2");
    }

    @Test
    void shouldWaitOutARegistryOutageWithoutLosingDuplicatingOrDeadLetteringARecord()
            throws Exception {
        assumeThat(registry.canStop()).as("the test registry can be stopped").isTrue();
        int v1 = plain.register(input + "-value", INVOICE);
        PipelinePlan plan = compile(avroToJson(false));
        InstanceStatus status = new InstanceStatus(plan.name(), "it", Clock.systemUTC());
        PipelineRunner runner = runner(plan, status);
        CompletableFuture<PipelineRunner.Outcome> run = CompletableFuture.supplyAsync(runner::run);
        try {
            produce(v1, invoice(INVOICE, "I1", 10), invoice(INVOICE, "I2", 20));
            await().atMost(Duration.ofSeconds(60))
                    .ignoreExceptions()
                    .until(() -> outputRows().size() == 2);
            // a new producer version that the pipeline has not met yet
            int v2 = plain.register(input + "-value", INVOICE_V2);

            registry.stop();
            try {
                produce(v2, invoice(INVOICE_V2, "I3", 30), invoice(INVOICE_V2, "I4", 40));
                produce(v1, invoice(INVOICE, "I5", 50));
                // the batch waits: not ready, the outage named, nothing written meanwhile
                await().atMost(Duration.ofSeconds(60)).until(() -> status.outage().isPresent());
                assertThat(status.isReady()).isFalse();
                assertThat(status.outage().get().dependency()).isEqualTo("schema registry");
                assertThat(status.report().outage().reason()).contains("unreachable");
                assertThat(status.isLive()).isTrue();
                assertThat(outputRows()).hasSize(2);
            } finally {
                registry.start();
            }
            await().atMost(Duration.ofSeconds(90))
                    .ignoreExceptions()
                    .until(() -> outputRows().size() == 5);
            await().atMost(Duration.ofSeconds(30)).until(status::isReady);
            assertThat(status.outage()).isEmpty();
        } finally {
            runner.stop();
        }
        assertThat(run.get()).isEqualTo(PipelineRunner.Outcome.FINISHED);
        assertThat(outputRows())
                .containsExactlyInAnyOrder(
                        "I1 S1 10", "I2 S1 20", "I3 S1 30", "I4 S1 40", "I5 S1 50");
        assertThat(deadLetters()).isEmpty();
    }

    /** Avro from the registry to JSON; the rows' schema is the input subject's latest. */
    private String avroToJson(boolean availableNow) {
        return "source: {topic: "
                + input
                + ", format: avro, registry: {version: latest}}\n"
                + (availableNow ? "trigger: {availableNow: true}\n" : "")
                + "sink: {topic: "
                + output
                + ", format: json}\n";
    }

    private PipelinePlan compile(String body) throws Exception {
        Path file = directory.resolve("pipeline.yaml");
        Files.writeString(file, "name: " + name + "\n" + body);
        CachedSchemaRegistry client =
                new CachedSchemaRegistry(
                        new SchemaRegistryClient(
                                RegistrySettings.of(registry.url())
                                        .withRequestTimeout(Duration.ofSeconds(2))));
        return PipelineFile.load(file, Optional.of(new RegistryAccess(client, true))).plan();
    }

    private PipelineRunner runner(PipelinePlan plan, EngineListener listener) {
        EngineSettings settings =
                EngineSettings.of(kafka.bootstrapServers(), "it")
                        .withStateDirectory(directory.resolve("state"));
        return new PipelineRunner(plan, settings, System.out, listener);
    }

    private void run(PipelinePlan plan, EngineListener listener) {
        assertThat(runner(plan, listener).run()).isEqualTo(PipelineRunner.Outcome.FINISHED);
    }

    private void produce(int id, GenericRecord... invoices) throws Exception {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (GenericRecord invoice : invoices) {
            records.add(record(PlainRegistryClient.encode(id, invoice)));
        }
        Topics.produceRecords(kafka, input, records);
    }

    private ProducerRecord<byte[], byte[]> record(byte[] value) {
        return new ProducerRecord<>(input, value);
    }

    private static GenericRecord invoice(Schema schema, String number, int amount) {
        GenericRecord invoice = new GenericData.Record(schema);
        invoice.put("InvoiceNumber", number);
        invoice.put("Store", "S1");
        invoice.put("Amount", amount);
        if (schema.getField("Currency") != null) {
            invoice.put("Currency", "EUR");
        }
        return invoice;
    }

    /** The JSON output as "number store amount". */
    private List<String> outputRows() throws Exception {
        List<String> rows = new ArrayList<>();
        for (String value : Topics.readCommittedValues(kafka, output)) {
            var node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(value);
            rows.add(
                    node.get("InvoiceNumber").asText()
                            + " "
                            + node.get("Store").asText()
                            + " "
                            + node.get("Amount").asInt());
        }
        return rows;
    }

    private List<String> deadLetters() {
        List<String> values = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : Topics.readCommitted(kafka, name + "-dlq")) {
            values.add(new String(record.value(), StandardCharsets.UTF_8));
        }
        return values;
    }

    private static String text(GenericRecord row) {
        return row.get("InvoiceNumber") + " " + row.get("Store") + " " + row.get("Amount");
    }
}
