package io.sluice.topologies;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * What the store-sales windows pipeline of the crash and scale tests must emit: sales and counts
 * per store and 15-minute window of event time, closed 30 minutes after their end; rows are {@code
 * STORE@windowStart => sum/count}.
 */
final class StoreSalesWindows {
    static final long WINDOW_MS = Duration.ofMinutes(15).toMillis();
    static final long DELAY_MS = Duration.ofMinutes(30).toMillis();
    private static final ObjectMapper JSON = new ObjectMapper();

    private StoreSalesWindows() {}

    /** Sales and counts per (store, window) of the invoices. */
    static Map<String, String> expected(List<String> invoices) throws IOException {
        Map<String, double[]> windows = new HashMap<>();
        for (String invoice : invoices) {
            JsonNode node = JSON.readTree(invoice);
            long time = node.get("CreatedTime").asLong();
            String key =
                    node.get("StoreID").asText() + "@" + (time - Math.floorMod(time, WINDOW_MS));
            double[] sums = windows.computeIfAbsent(key, k -> new double[2]);
            sums[0] += node.get("TotalValue").asDouble();
            sums[1]++;
        }
        Map<String, String> rows = new HashMap<>();
        windows.forEach((key, sums) -> rows.put(key, sums[0] + "/" + (long) sums[1]));
        return rows;
    }

    /** The windows whose rows differ, as "window: emitted X, expected Y", sorted. */
    static List<String> differences(Map<String, String> emitted, Map<String, String> expected) {
        TreeSet<String> windows = new TreeSet<>(emitted.keySet());
        windows.addAll(expected.keySet());
        List<String> differences = new ArrayList<>();
        for (String window : windows) {
            String got = emitted.get(window);
            String want = expected.get(window);
            if (got == null || !got.equals(want)) {
                differences.add(window + ": emitted " + got + ", expected " + want);
            }
        }
        return differences;
    }

    /**
     * One invoice per store, an hour after the last one, so that a task's watermark passes the end
     * of every window of {@code invoices} once it reads them (a task's watermark moves with its own
     * records only); their own windows stay open.
     */
    static List<String> closingInvoices(List<String> invoices) throws IOException {
        long last = Long.MIN_VALUE;
        Map<String, ObjectNode> stores = new HashMap<>();
        for (String invoice : invoices) {
            ObjectNode node = (ObjectNode) JSON.readTree(invoice);
            last = Math.max(last, node.get("CreatedTime").asLong());
            stores.putIfAbsent(node.get("StoreID").asText(), node);
        }
        List<String> closing = new ArrayList<>();
        for (ObjectNode store : stores.values()) {
            store.put("InvoiceNumber", "CLOSE-" + store.get("StoreID").asText());
            store.put("CreatedTime", last + DELAY_MS + WINDOW_MS + 3_600_000L);
            closing.add(JSON.writeValueAsString(store));
        }
        return closing;
    }

    /** The steps of store sales per 15-minute window, in append mode: a window is emitted once. */
    static final String[] STEPS = {
        "output: append",
        "steps:",
        "  - window: {type: tumbling, size: 15m}",
        "    groupBy: [StoreID]",
        "    aggregate:",
        "      Sales: \"sum(TotalValue)\"",
        "      Invoices: \"count(*)\""
    };

    /**
     * The pipeline file of store sales per 15-minute window (30-minute watermark, {@link #STEPS}),
     * running on, written to {@code directory}.
     */
    static Path pipelineFile(
            Path directory, String name, String input, String output, int maxRecordsPerBatch)
            throws IOException {
        return PipelineFiles.eventTimeInvoices(
                directory,
                name,
                input,
                output,
                List.of("maxRecordsPerBatch: " + maxRecordsPerBatch),
                STEPS);
    }

    /**
     * The {@link #closingInvoices} of {@code invoices} on every partition of {@code input}, so that
     * every task's watermark passes the end of every window.
     */
    static List<ProducerRecord<byte[], byte[]>> closingRecords(
            String input, int partitions, List<String> invoices) throws IOException {
        List<ProducerRecord<byte[], byte[]>> closing = new ArrayList<>();
        for (int partition = 0; partition < partitions; partition++) {
            for (String close : closingInvoices(invoices)) {
                closing.add(
                        new ProducerRecord<>(
                                input, partition, null, close.getBytes(StandardCharsets.UTF_8)));
            }
        }
        return closing;
    }

    /**
     * The windows of the pipeline's output rows ({@code STORE@windowStart => sum/count}); a window
     * emitted twice is added to {@code doubled}.
     */
    static Map<String, String> emitted(List<String> rows, List<String> doubled) throws IOException {
        Map<String, String> emitted = new HashMap<>();
        for (String value : rows) {
            JsonNode row = JSON.readTree(value);
            String window = row.get("StoreID").asText() + "@" + row.get("window_start").asLong();
            String sums = row.get("Sales").asDouble() + "/" + row.get("Invoices").asLong();
            if (emitted.put(window, sums) != null) {
                doubled.add(window);
            }
        }
        return emitted;
    }
}
