package io.sluice.bench.failover;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The benchmark's pipeline: a one-day tumbling window per key in update mode, so that every batch
 * emits the keys it changed and all keys stay in state; the source is declared partitioned by the
 * key, so a task is an input partition and no repartition topic is involved.
 */
final class Pipeline {
    private static final String SCHEMA =
            "{\"type\": \"record\", \"name\": \"Sale\", \"fields\": ["
                    + "{\"name\": \"Key\", \"type\": \"string\"},"
                    + "{\"name\": \"Amount\", \"type\": \"long\"},"
                    + "{\"name\": \"Time\", \"type\": {\"type\": \"long\","
                    + " \"logicalType\": \"timestamp-millis\"}}]}";

    private Pipeline() {}

    /**
     * Writes the pipeline file {@code <name>.yaml} reading {@code input}, writing {@code
     * <name>-out}.
     */
    static Path write(Path work, String name, String input) throws IOException {
        Path schema = work.resolve("sale.avsc");
        Files.writeString(schema, SCHEMA);
        String yaml =
                String.join(
                        "\n",
                        "name: " + name,
                        "source:",
                        "  topic: " + input,
                        "  format: json",
                        "  schema: " + schema,
                        "  timestamp: Time",
                        "  partitionedBy: [Key]",
                        "output: update",
                        "steps:",
                        "  - window: {type: tumbling, size: 1d}",
                        "    groupBy: [Key]",
                        "    aggregate: {Total: \"sum(Amount)\", Sales: \"count(*)\"}",
                        "sink:",
                        "  topic: " + name + "-out",
                        "  format: json",
                        "  key: Key",
                        "");
        Path file = work.resolve(name + ".yaml");
        Files.writeString(file, yaml);
        return file;
    }
}
