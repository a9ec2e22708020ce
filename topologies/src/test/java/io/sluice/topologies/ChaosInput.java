package io.sluice.topologies;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.testkit.KafkaCluster;
import io.sluice.testkit.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The input of a chaos run: invoices with event times a second apart (every tenth up to two minutes
 * early, a ten-minute pause every {@value #PAUSE_EVERY} invoices so sessions end), a poison record
 * (not JSON) after every {@value #POISON_EVERY}, and, for append-mode steps, one closing invoice
 * per store on every partition far enough ahead to close every window of the rest (their own
 * windows stay open and never reach the output).
 *
 * @param invoices the good invoices, in produce order, without the closing ones
 * @param poison the poison values
 * @param values everything produced with the default partitioner, in order
 */
record ChaosInput(List<JsonNode> invoices, List<String> poison, List<String> values) {
    static final long BASE_MS = 1_595_689_200_000L; // 2020-07-25T15:00:00Z
    static final int POISON_EVERY = 1_000;
    static final int PAUSE_EVERY = 2_000;
    static final long PAUSE_MS = 600_000;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** {@code count} invoices, poison, no copies. */
    static ChaosInput generate(int count) {
        return generate(count, 0);
    }

    /**
     * {@code count} invoices and poison; with {@code copyDistance > 0} each invoice is sent a
     * second time that many invoices later (the last ones at the end), for dropDuplicates.
     */
    static ChaosInput generate(int count, int copyDistance) {
        List<String> sample = Invoices.sample();
        List<JsonNode> invoices = new ArrayList<>(count);
        List<String> poison = new ArrayList<>();
        List<String> values = new ArrayList<>(count + count / POISON_EVERY + 1);
        try {
            for (int i = 0; i < count; i++) {
                ObjectNode invoice = (ObjectNode) JSON.readTree(sample.get(i % sample.size()));
                long early = i % 10 == 0 ? (i * 7919L) % 120_000 : 0;
                invoice.put("InvoiceNumber", "INV-" + i);
                invoice.put(
                        "CreatedTime", BASE_MS + i * 1000L + (i / PAUSE_EVERY) * PAUSE_MS - early);
                invoices.add(invoice);
                values.add(JSON.writeValueAsString(invoice));
                if (copyDistance > 0 && i >= copyDistance) {
                    values.add(JSON.writeValueAsString(invoices.get(i - copyDistance)));
                }
                if (i % POISON_EVERY == POISON_EVERY - 1) {
                    String bad = "{\"InvoiceNumber\": \"POISON-" + i + "\", \"StoreID\": ";
                    poison.add(bad);
                    values.add(bad);
                }
            }
            for (int i = Math.max(0, count - copyDistance); copyDistance > 0 && i < count; i++) {
                values.add(JSON.writeValueAsString(invoices.get(i)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ChaosInput(List.copyOf(invoices), List.copyOf(poison), List.copyOf(values));
    }

    /** How many records {@link #produce} writes. */
    int size(int partitions, boolean closing) {
        return values.size() + (closing ? partitions * stores() : 0);
    }

    private int stores() {
        return (int) invoices.stream().map(ChaosOracle::store).distinct().count();
    }

    /** Writes the values, then (if {@code closing}) the closing invoices to each partition. */
    void produce(KafkaCluster kafka, String topic, int partitions, boolean closing) {
        Topics.produce(kafka, topic, values);
        produceClosing(kafka, topic, partitions, closing);
    }

    /**
     * Writes the values in slices of 1% at {@code perSecond}, so input arrives while the processor
     * runs, then (if {@code closing}) the closing invoices.
     */
    void produceAtRate(
            KafkaCluster kafka, String topic, int partitions, boolean closing, int perSecond) {
        int slice = Math.max(1, values.size() / 100);
        long sliceNanos = Duration.ofSeconds(1).toNanos() * slice / perSecond;
        long next = System.nanoTime();
        for (int from = 0; from < values.size(); from += slice) {
            Topics.produce(
                    kafka, topic, values.subList(from, Math.min(values.size(), from + slice)));
            next += sliceNanos;
            LockSupport.parkNanos(next - System.nanoTime()); // pacing a load generator
        }
        produceClosing(kafka, topic, partitions, closing);
    }

    private void produceClosing(KafkaCluster kafka, String topic, int partitions, boolean closing) {
        if (closing) {
            List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
            for (int partition = 0; partition < partitions; partition++) {
                for (String invoice : closingInvoices()) {
                    records.add(
                            new ProducerRecord<>(
                                    topic,
                                    partition,
                                    null,
                                    invoice.getBytes(StandardCharsets.UTF_8)));
                }
            }
            Topics.produceRecords(kafka, topic, records);
        }
    }

    /** One invoice per store, four hours after the last invoice. */
    private List<String> closingInvoices() {
        long last = Long.MIN_VALUE;
        Map<String, JsonNode> stores = new LinkedHashMap<>();
        for (JsonNode invoice : invoices) {
            last = Math.max(last, invoice.get("CreatedTime").asLong());
            stores.putIfAbsent(invoice.get("StoreID").asText(), invoice);
        }
        List<String> closing = new ArrayList<>();
        try {
            for (JsonNode store : stores.values()) {
                ObjectNode copy = store.deepCopy();
                copy.put("InvoiceNumber", "CLOSE-" + store.get("StoreID").asText());
                copy.put("CreatedTime", last + 4 * 3_600_000L);
                closing.add(JSON.writeValueAsString(copy));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return closing;
    }
}
