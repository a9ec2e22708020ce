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
import java.util.Objects;
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
 *
 * <p>A generator given {@link CustomerGenerator.Cards} gives each PRIME invoice a card drawn from
 * them instead of its sample invoice's card; everything else about its invoices is the same as
 * without.
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
    private final CustomerGenerator.Cards cards; // null: PRIME invoices keep the sample's cards
    private long clockMs = FIRST_CREATED_TIME_MS;
    private long sequence;

    private InvoiceGenerator(List<Template> templates, long seed, CustomerGenerator.Cards cards) {
        this.templates = templates;
        this.random = new SplittableRandom(seed);
        this.cards = cards;
    }

    /** A generator drawing on the invoices of {@code sample}, one JSON object a line. */
    static InvoiceGenerator fromSample(Path sample, long seed) {
        return new InvoiceGenerator(templates(sample), seed, null);
    }

    /**
     * A generator making the same invoices as {@link #fromSample(Path, long)}, but for the cards of
     * PRIME invoices, which are drawn from {@code cards}.
     */
    static InvoiceGenerator fromSample(Path sample, long seed, CustomerGenerator.Cards cards) {
        return new InvoiceGenerator(templates(sample), seed, Objects.requireNonNull(cards));
    }

    private static List<Template> templates(Path sample) {
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
        return List.copyOf(templates);
    }

    /** The next invoice. */
    Invoice next() {
        clockMs += random.nextInt(MAX_STEP_MS + 1);
        long createdTimeMs = clockMs;
        if (random.nextInt(100) < OUT_OF_ORDER_PERCENT) {
            createdTimeMs -= 1 + random.nextLong(MAX_DISORDER.toMillis());
        }
        return invoice(templates.get(random.nextInt(templates.size())), createdTimeMs);
    }

    /**
     * An invoice of {@code storeId} created {@code ahead} after the latest one, which advances that
     * store's partition's event time past every window opened so far.
     */
    Invoice closing(String storeId, Duration ahead) {
        for (Template template : templates) {
            if (template.storeId.equals(storeId)) {
                return invoice(template, clockMs + ahead.toMillis());
            }
        }
        throw new IllegalArgumentException("no sample invoice of store " + storeId);
    }

    private Invoice invoice(Template template, long createdTimeMs) {
        if (cards == null || !template.isPrime) {
            return template.invoice(sequence++, createdTimeMs);
        }
        return template.invoice(sequence++, createdTimeMs, cards.next());
    }

    /** The stores of the sample, in the order they first appear. */
    List<String> stores() {
        return templates.stream().map(t -> t.storeId).distinct().toList();
    }

    /**
     * A sample invoice minus its number and time, pre-rendered as the tail of a JSON object in two
     * parts, around the value of its card.
     */
    private static final class Template {
        private static final String CARD_MARKER = "@@card@@";

        private final String storeId;
        private final byte[] key;
        private final boolean isPrime;
        private final String card;
        private final String beforeCard;
        private final String afterCard;

        private Template(
                String storeId, boolean isPrime, String card, String beforeCard, String afterCard) {
            this.storeId = storeId;
            this.key = storeId.getBytes(StandardCharsets.UTF_8);
            this.isPrime = isPrime;
            this.card = card;
            this.beforeCard = beforeCard;
            this.afterCard = afterCard;
        }

        static Template of(ObjectNode invoice) throws IOException {
            JsonNode store = invoice.get("StoreID");
            if (store == null || !store.isTextual()) {
                throw new IllegalArgumentException("a sample invoice has no StoreID: " + invoice);
            }
            boolean isPrime = "PRIME".equals(invoice.path("CustomerType").asText());
            JsonNode card = invoice.path("CustomerCardNo");
            invoice.remove(List.of("InvoiceNumber", "CreatedTime"));
            invoice.put("CustomerCardNo", CARD_MARKER);
            String rest = JSON.writeValueAsString(invoice);
            int marker = rest.indexOf(JSON.writeValueAsString(CARD_MARKER));
            return new Template(
                    store.asText(),
                    isPrime,
                    card.isTextual() ? card.asText() : null,
                    rest.substring(1, marker),
                    rest.substring(marker + CARD_MARKER.length() + 2));
        }

        /** The invoice with the sample's card. */
        Invoice invoice(long sequence, long createdTimeMs) {
            return invoice(sequence, createdTimeMs, card, false);
        }

        /** The invoice with {@code drawn}'s card. */
        Invoice invoice(long sequence, long createdTimeMs, CustomerGenerator.Card drawn) {
            return invoice(sequence, createdTimeMs, drawn.number(), drawn.isKnown());
        }

        private Invoice invoice(long sequence, long createdTimeMs, String card, boolean isKnown) {
            String json =
                    "{\"InvoiceNumber\":\"B"
                            + sequence
                            + "\",\"CreatedTime\":"
                            + createdTimeMs
                            + ","
                            + beforeCard
                            + (card == null ? "null" : '"' + card + '"')
                            + afterCard;
            return new Invoice(
                    key,
                    json.getBytes(StandardCharsets.UTF_8),
                    storeId,
                    card,
                    createdTimeMs,
                    isPrime,
                    isKnown);
        }
    }
}
