package io.sluice.topologies;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntToLongFunction;

/** Test input made from the sample invoices, with unique invoice numbers. */
final class Invoices {
    static final Path SAMPLE = Path.of("data", "invoices.jsonl");

    private static final ObjectMapper JSON = new ObjectMapper();

    private Invoices() {}

    /** The sample invoices as they are, one JSON text per line. */
    static List<String> sample() {
        try {
            return Files.readAllLines(SAMPLE).stream().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code count} invoices cycling through the sample, numbered {@code INV-0..count-1}, invoice
     * {@code i} created {@code i} seconds after {@code baseMs} less {@code earlyBy(i)} milliseconds
     * (out of order).
     */
    static List<String> secondsApart(int count, long baseMs, IntToLongFunction earlyBy) {
        List<String> sample = sample();
        List<String> invoices = new ArrayList<>(count);
        try {
            for (int i = 0; i < count; i++) {
                ObjectNode invoice = (ObjectNode) JSON.readTree(sample.get(i % sample.size()));
                invoice.put("InvoiceNumber", "INV-" + i);
                invoice.put("CreatedTime", baseMs + i * 1000L - earlyBy.applyAsLong(i));
                invoices.add(JSON.writeValueAsString(invoice));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return invoices;
    }

    /**
     * {@code count} invoices cycling through the sample, invoice numbers {@code INV-0..count-1},
     * with a poison record (not JSON) after every {@code poisonEvery} invoices.
     */
    static Generated generate(int count, int poisonEvery) {
        List<String> sample = sample();
        List<String> values = new ArrayList<>(count + count / poisonEvery + 1);
        List<String> invoiceNumbers = new ArrayList<>(count);
        List<String> poison = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                ObjectNode invoice = (ObjectNode) JSON.readTree(sample.get(i % sample.size()));
                String number = "INV-" + i;
                invoice.put("InvoiceNumber", number);
                values.add(JSON.writeValueAsString(invoice));
                invoiceNumbers.add(number);
                if (i % poisonEvery == poisonEvery - 1) {
                    String bad = "{\"InvoiceNumber\": \"POISON-" + i + "\", \"StoreID\": ";
                    values.add(bad);
                    poison.add(bad);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Generated(values, invoiceNumbers, poison);
    }

    /** What was produced: all values in order, the good invoice numbers, the poison values. */
    record Generated(List<String> values, List<String> invoiceNumbers, List<String> poison) {}
}
