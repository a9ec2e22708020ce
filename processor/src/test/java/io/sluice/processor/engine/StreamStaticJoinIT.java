package io.sluice.processor.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.processor.pipeline.PipelineFile;
import io.sluice.processor.plan.PipelinePlan;
import io.sluice.testkit.KafkaCluster;
import io.sluice.testkit.KafkaClusterExtension;
import io.sluice.testkit.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stream-static joins on a real broker: invoices joined with stores read from a file at start, a
 * CSV file with a header and a JSON-lines file, inner and left. Store S2 has two rows, so its
 * invoices come out twice, in file order (the sink keys rows by invoice, so both rows of an invoice
 * land in one partition in the order they were emitted).
 */
@ExtendWith(KafkaClusterExtension.class)
class StreamStaticJoinIT {
    private static final String INVOICE_SCHEMA =
            "{\"type\":\"record\",\"name\":\"Invoice\",\"fields\":["
                    + "{\"name\":\"InvoiceNumber\",\"type\":\"string\"},"
                    + "{\"name\":\"StoreID\",\"type\":[\"null\",\"string\"],\"default\":null},"
                    + "{\"name\":\"Amount\",\"type\":\"int\"}]}";
    private static final String STORE_SCHEMA =
            "{\"type\":\"record\",\"name\":\"Store\",\"fields\":["
                    + "{\"name\":\"Code\",\"type\":\"string\"},"
                    + "{\"name\":\"StoreName\",\"type\":\"string\"},"
                    + "{\"name\":\"Region\",\"type\":[\"null\",\"string\"],\"default\":null}]}";

    /** The same stores as CSV, header first, columns in another order than the schema's. */
    private static final String STORES_CSV =
            "Region,Code,StoreName\n"
                    + "North,S1,Alpha\n"
                    + "South,S2,Riverside\n"
                    + ",S2,Annex\n"
                    + "East,S3,Gamma\n";

    private static final String STORES_JSONL =
            "{\"Code\": \"S1\", \"StoreName\": \"Alpha\", \"Region\": \"North\"}\n"
                    + "{\"Code\": \"S2\", \"StoreName\": \"Riverside\", \"Region\": \"South\"}\n"
                    + "{\"Code\": \"S2\", \"StoreName\": \"Annex\", \"Region\": null}\n"
                    + "{\"Code\": \"S3\", \"StoreName\": \"Gamma\", \"Region\": \"East\"}\n";

    private final KafkaCluster kafka;
    @TempDir Path state;
    @TempDir Path files;
    private EngineRuns runs;
    private String invoices;
    private String output;

    StreamStaticJoinIT(KafkaCluster kafka) {
        this.kafka = kafka;
    }

    @BeforeEach
    void topics() throws IOException {
        runs = new EngineRuns(kafka, state);
        invoices = kafka.uniqueTopic("invoices");
        output = kafka.uniqueTopic("with-stores");
        kafka.createTopics(2, invoices);
        Files.writeString(files.resolve("invoice.avsc"), INVOICE_SCHEMA);
        Files.writeString(files.resolve("store.avsc"), STORE_SCHEMA);
        Files.writeString(files.resolve("stores.csv"), STORES_CSV);
        Files.writeString(files.resolve("stores.jsonl"), STORES_JSONL);
    }

    @Test
    void shouldJoinEveryStoreRowAndKeepUnmatchedInvoicesWhenLeftJoiningACsvFile() throws Exception {
        PipelinePlan plan =
                plan(
                        "{path: stores.csv, format: csv, schema: store.avsc, key: Code,"
                                + " options: {header: \"true\"}}",
                        "left");
        invoices(
                invoice("I1", "S1", 10),
                invoice("I2", "S2", 20),
                invoice("I3", "S9", 30),
                invoice("I4", null, 40));

        BatchCounters counts = runs.run(plan);

        List<String> rows = rows();
        assertThat(sorted(rows))
                .containsExactly(
                        "I1 S1 10 Alpha North",
                        "I2 S2 20 Annex null",
                        "I2 S2 20 Riverside South",
                        "I3 S9 30 null null",
                        "I4 null 40 null null");
        assertThat(rowsOf("I2", rows))
                .containsExactly("I2 S2 20 Riverside South", "I2 S2 20 Annex null");
        assertThat(counts.in()).isEqualTo(4);
        assertThat(counts.out()).isEqualTo(5);
        assertThat(counts.filtered()).isZero();
    }

    @Test
    void shouldDropInvoicesWithoutAStoreRowWhenInnerJoiningAJsonLinesFile() throws Exception {
        PipelinePlan plan =
                plan("{path: stores.jsonl, format: json, schema: store.avsc, key: Code}", "inner");
        invoices(
                invoice("I1", "S1", 10),
                invoice("I2", "S2", 20),
                invoice("I3", "S9", 30),
                invoice("I4", null, 40),
                invoice("I5", "S3", 50));

        BatchCounters counts = runs.run(plan);

        List<String> rows = rows();
        assertThat(sorted(rows))
                .containsExactly(
                        "I1 S1 10 Alpha North",
                        "I2 S2 20 Annex null",
                        "I2 S2 20 Riverside South",
                        "I5 S3 50 Gamma East");
        assertThat(rowsOf("I2", rows))
                .containsExactly("I2 S2 20 Riverside South", "I2 S2 20 Annex null");
        assertThat(counts.in()).isEqualTo(5);
        assertThat(counts.out()).isEqualTo(4);
        assertThat(counts.filtered()).isEqualTo(2);
    }

    private PipelinePlan plan(String file, String type) throws IOException {
        String yaml =
                "name: "
                        + kafka.uniqueTopic("static-join")
                        + "\n"
                        + "source: {topic: "
                        + invoices
                        + ", format: json, schema: invoice.avsc}\n"
                        + "trigger: {availableNow: true}\n"
                        + "steps:\n"
                        + "  - join:\n"
                        + "      file: "
                        + file
                        + "\n"
                        + "      on: StoreID\n"
                        + "      type: "
                        + type
                        + "\n"
                        + "sink: {topic: "
                        + output
                        + ", format: json, key: InvoiceNumber}\n";
        Path pipeline = files.resolve("pipeline-" + System.nanoTime() + ".yaml");
        Files.writeString(pipeline, yaml);
        return PipelineFile.compile(pipeline);
    }

    /** The output rows as text, in the order read: each partition's rows in order. */
    private List<String> rows() throws IOException {
        return runs.rows(
                output,
                row ->
                        row.get("InvoiceNumber").asText()
                                + " "
                                + row.get("StoreID").asText()
                                + " "
                                + row.get("Amount").asInt()
                                + " "
                                + row.get("StoreName").asText()
                                + " "
                                + row.get("Region").asText());
    }

    private static List<String> rowsOf(String invoice, List<String> rows) {
        List<String> of = new ArrayList<>();
        for (String row : rows) {
            if (row.startsWith(invoice + " ")) {
                of.add(row);
            }
        }
        return of;
    }

    private static List<String> sorted(List<String> rows) {
        List<String> copy = new ArrayList<>(rows);
        copy.sort(null);
        return copy;
    }

    private void invoices(String... values) {
        Topics.produce(kafka, invoices, List.of(values));
    }

    private static String invoice(String number, String store, int amount) {
        return String.format(
                "{\"InvoiceNumber\": \"%s\", \"StoreID\": %s, \"Amount\": %d}",
                number, store == null ? "null" : "\"" + store + "\"", amount);
    }
}
