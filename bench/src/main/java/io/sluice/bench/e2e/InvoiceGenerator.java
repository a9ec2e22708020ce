package io.sluice.bench.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A deterministic source of invoices shaped like the sample ({@code
 * topologies/data/invoices.jsonl}): the same seed and sample give the same invoices in the same
 * order.
 *
 * <p>Each invoice copies the fields of a sample invoice drawn at random (store, customer, address,
 * item, totals) under a fresh {@code InvoiceNumber} and {@code CreatedTime}. Creation times rise by
 * 0 to 200 ms from one invoice to the next (100 ms on average), except that {@value
 * #OUT_OF_ORDER_PERCENT}% of the invoices are created up to five minutes before the latest one: out
 * of order, but never later than a 30-minute watermark delay allows.
 */
final class InvoiceGenerator {
    /** The share of invoices out of order, in percent. */
    static final int OUT_OF_ORDER_PERCENT = 3;

    /** How far an out-of-order invoice may lag behind the latest one. */
    static final Duration MAX_DISORDER = Duration.ofMinutes(5);

    /** The creation time of the first invoice: 2020-07-25, the day of the sample. */
    static final long FIRST_CREATED_TIME_MS = 1_595_688_903_576L;

    private static final int MAX_STEP_MS = 200;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Template> templates;
    private final SplittableRandom random;
    private long clockMs = FIRST_CREATED_TIME_MS;
    private long sequence;

    private InvoiceGenerator(List<Template> templates, long seed) {
        this.templates = templates;
        this.random = new SplittableRandom(seed);
    }

    /** A generator drawing on the invoices of {@code sample}, one JSON object a line. */
    static InvoiceGenerator fromSample(Path sample, long seed) {
        List<Template> templates = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(sample, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    templates.add(Template.of((ObjectNode) JSON.readTree(line)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the sample invoices " + sample, e);
        }
        if (templates.isEmpty()) {
            throw new IllegalArgumentException("no invoices in " + sample);
        }
        return new InvoiceGenerator(List.copyOf(templates), seed);
    }

    /** The next invoice. */
    Invoice next() {
        clockMs += random.nextInt(MAX_STEP_MS + 1);
        long createdTimeMs = clockMs;
        if (random.nextInt(100) < OUT_OF_ORDER_PERCENT) {
            createdTimeMs -= 1 + random.nextLong(MAX_DISORDER.toMillis());
        }
        return templates.get(random.nextInt(templates.size())).invoice(sequence++, createdTimeMs);
    }

    /**
     * An invoice of {@code storeId} created {@code ahead} after the latest one, which advances that
     * store's partition's event time past every window opened so far.
     */
    Invoice closing(String storeId, Duration ahead) {
        for (Template template : templates) {
            if (template.storeId.equals(storeId)) {
                return template.invoice(sequence++, clockMs + ahead.toMillis());
            }
        }
        throw new IllegalArgumentException("no sample invoice of store " + storeId);
    }

    /** The stores of the sample, in the order they first appear. */
    List<String> stores() {
        return templates.stream().map(t -> t.storeId).distinct().toList();
    }

    /** A sample invoice minus its number and time, pre-rendered as the tail of a JSON object. */
    private static final class Template {
        private final String storeId;
        private final byte[] key;
        private final boolean isPrime;
        private final String tail;

        private Template(String storeId, boolean isPrime, String tail) {
            this.storeId = storeId;
            this.key = storeId.getBytes(StandardCharsets.UTF_8);
            this.isPrime = isPrime;
            this.tail = tail;
        }

        static Template of(ObjectNode invoice) throws IOException {
            JsonNode store = invoice.get("StoreID");
            if (store == null || !store.isTextual()) {
                throw new IllegalArgumentException("a sample invoice has no StoreID: " + invoice);
            }
            boolean isPrime = "PRIME".equals(invoice.path("CustomerType").asText());
            invoice.remove(List.of("InvoiceNumber", "CreatedTime"));
            String rest = JSON.writeValueAsString(invoice);
            return new Template(store.asText(), isPrime, rest.substring(1));
        }

        Invoice invoice(long sequence, long createdTimeMs) {
            String json =
                    "{\"InvoiceNumber\":\"B"
                            + sequence
                            + "\",\"CreatedTime\":"
                            + createdTimeMs
                            + ","
                            + tail;
            return new Invoice(
                    key, json.getBytes(StandardCharsets.UTF_8), storeId, createdTimeMs, isPrime);
        }
    }
}
