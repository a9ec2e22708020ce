package io.sluice.topologies;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Pipeline files for tests: the ready topologies' steps on topics of the test's own. */
final class PipelineFiles {
    static final Path INVOICE_SCHEMA = Path.of("json-to-avro", "schemas", "invoice.avsc");

    private PipelineFiles() {}

    /**
     * The shipped invoice-notifications pipeline (PRIME customers' invoices to loyalty points, the
     * others filtered) reading {@code input}, writing {@code output}.
     */
    static Path invoiceNotifications(Path dir, String name, String input, String output)
            throws IOException {
        Path shipped = Path.of("invoice-notifications", "pipeline.yaml");
        String yaml =
                Files.readString(shipped)
                        .replace("name: invoice-notifications", "name: " + name)
                        .replace("topic: invoices", "topic: " + input)
                        .replace("topic: notifications", "topic: " + output)
                        .replace(
                                "schema: schemas/",
                                "schema: "
                                        + shipped.toAbsolutePath().getParent().resolve("schemas")
                                        + "/");
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, yaml);
        return file;
    }

    /** The json-to-avro pipeline reading {@code input}, writing {@code output}. */
    static Path jsonToAvro(Path dir, String name, String input, String output, String extra)
            throws IOException {
        String yaml =
                String.join(
                        "\n",
                        "name: " + name,
                        "source:",
                        "  topic: " + input,
                        "  format: json",
                        "  schema: " + INVOICE_SCHEMA.toAbsolutePath(),
                        "maxRecordsPerBatch: 5000",
                        "sink:",
                        "  topic: " + output,
                        "  format: avro",
                        "  key: StoreID",
                        extra);
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, yaml + "\n");
        return file;
    }

    /**
     * A pipeline over JSON invoices with event time {@code CreatedTime} and a 30-minute watermark,
     * run availableNow in batches of at most 5,000, its {@code lines} (steps, output mode) and a
     * JSON sink to {@code output}.
     */
    static Path eventTimeInvoices(
            Path dir, String name, String input, String output, String... lines)
            throws IOException {
        return eventTimeInvoices(
                dir,
                name,
                input,
                output,
                List.of("trigger: {availableNow: true}", "maxRecordsPerBatch: 5000"),
                lines);
    }

    /**
     * The same with {@code runLines} (trigger, batch size) instead of availableNow in batches of at
     * most 5,000.
     */
    static Path eventTimeInvoices(
            Path dir,
            String name,
            String input,
            String output,
            List<String> runLines,
            String... lines)
            throws IOException {
        List<String> yaml =
                new ArrayList<>(
                        List.of(
                                "name: " + name,
                                "source:",
                                "  topic: " + input,
                                "  format: json",
                                "  schema: " + INVOICE_SCHEMA.toAbsolutePath(),
                                "  timestamp: CreatedTime",
                                "  watermark: 30m"));
        yaml.addAll(runLines);
        yaml.addAll(List.of(lines));
        yaml.addAll(List.of("sink:", "  topic: " + output, "  format: json", ""));
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, String.join("\n", yaml));
        return file;
    }
}
