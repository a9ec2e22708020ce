package io.sluice.bench.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A deterministic table of customers shaped like the sample ({@code
 * topologies/data/customers.jsonl}), and the cards of PRIME invoices drawn from it.
 *
 * <p>Customer {@code i} is a pure function of the seed and {@code i}: a 10-digit card number, a
 * name made of a first and a last name of the sample, an e-mail address and a mobile number derived
 * from them. Card numbers are {@code i} spread over {@code [1000000000, 9999999999]} by a
 * bijection, so they are distinct, and the card of {@code count + k} belongs to no customer: those
 * are the unknown cards of the invoices a left join finds nothing for.
 */
final class CustomerGenerator {
    /** The share of PRIME invoices whose card belongs to no customer, in per mille. */
    static final int UNKNOWN_CARD_PER_MILLE = 15;

    private static final long FIRST_CARD = 1_000_000_000L;
    private static final long CARD_SPAN = 9_000_000_000L;
    // Prime and coprime to CARD_SPAN (2^9 * 3^2 * 5^9): i -> i * MULTIPLIER mod CARD_SPAN is a
    // bijection, which scatters consecutive customers over the card space.
    private static final long CARD_MULTIPLIER = 2_654_435_761L;
    private static final long CARD_OFFSET = 5_847_933_272L;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> firstNames;
    private final List<String> lastNames;
    private final int count;
    private final long seed;

    private CustomerGenerator(
            List<String> firstNames, List<String> lastNames, int count, long seed) {
        this.firstNames = firstNames;
        this.lastNames = lastNames;
        this.count = count;
        this.seed = seed;
    }

    /** A table of {@code count} customers named after those of {@code sample}. */
    static CustomerGenerator fromSample(Path sample, int count, long seed) {
        List<String> first = new ArrayList<>();
        List<String> last = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(sample, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                String name = JSON.readTree(line).path("Name").asText("");
                int space = name.indexOf(' ');
                if (space > 0) {
                    addIfAbsent(first, name.substring(0, space));
                    addIfAbsent(last, name.substring(space + 1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the sample customers " + sample, e);
        }
        if (first.isEmpty()) {
            throw new IllegalArgumentException("no customer names in " + sample);
        }
        if (count <= 0 || count > CARD_SPAN / 2) {
            throw new IllegalArgumentException("customers must be in [1, 4.5e9], got " + count);
        }
        return new CustomerGenerator(List.copyOf(first), List.copyOf(last), count, seed);
    }

    /** How many customers the table holds. */
    int count() {
        return count;
    }

    /** The card number of customer {@code index}; from {@link #count()} on, an unknown card. */
    String card(long index) {
        return Long.toString(
                FIRST_CARD + Math.floorMod(index * CARD_MULTIPLIER + CARD_OFFSET, CARD_SPAN));
    }

    /** Customer {@code index}, in {@code [0, count)}. */
    Customer customer(int index) {
        String card = card(index);
        long mixed = new SplittableRandom(seed ^ index * 0x9E3779B97F4A7C15L).nextLong();
        String first = firstNames.get((int) Math.floorMod(mixed, (long) firstNames.size()));
        String last = lastNames.get((int) Math.floorMod(mixed >>> 32, (long) lastNames.size()));
        String email =
                first.toLowerCase(Locale.ROOT)
                        + '.'
                        + last.toLowerCase(Locale.ROOT)
                        + index
                        + "@example.com";
        ObjectNode value = JSON.createObjectNode();
        value.put("CustomerCardNo", card);
        value.put("Name", first + ' ' + last);
        value.put("EmailAddress", email);
        value.put("MobileNumber", "+91-9" + card.substring(1));
        try {
            return new Customer(card, email, JSON.writeValueAsBytes(value));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every customer's e-mail address by card number: what a correct join attaches. */
    Map<String, String> emailsByCard() {
        Map<String, String> emails = new HashMap<>(count * 2);
        for (int i = 0; i < count; i++) {
            Customer customer = customer(i);
            emails.put(customer.card(), customer.email());
        }
        return emails;
    }

    /**
     * A source of the cards of PRIME invoices: uniform over the customers, except that {@value
     * #UNKNOWN_CARD_PER_MILLE} in a thousand belong to nobody. It has a random generator of its
     * own, so that an invoice generator drawing on it makes the same invoices as one that does not,
     * but for their cards.
     */
    Cards cards(long cardSeed) {
        SplittableRandom random = new SplittableRandom(cardSeed);
        return () -> {
            boolean isKnown = random.nextInt(1000) >= UNKNOWN_CARD_PER_MILLE;
            int index = random.nextInt(count);
            return new Card(isKnown ? card(index) : card((long) count + index), isKnown);
        };
    }

    private static void addIfAbsent(List<String> names, String name) {
        if (!names.contains(name)) {
            names.add(name);
        }
    }

    /**
     * One customer as it is sent: keyed by its card number (UTF-8), the value JSON.
     *
     * @param card the card number, also the record's key
     * @param email the e-mail address the value holds
     * @param value the JSON value: {@code CustomerCardNo}, {@code Name}, {@code EmailAddress},
     *     {@code MobileNumber}
     */
    record Customer(String card, String email, byte[] value) {
        byte[] key() {
            return card.getBytes(StandardCharsets.UTF_8);
        }
    }

    /** Where the cards of PRIME invoices come from. */
    @FunctionalInterface
    interface Cards {
        Card next();
    }

    /**
     * A card drawn for an invoice.
     *
     * @param number the card number
     * @param isKnown whether a customer of the table has it
     */
    record Card(String number, boolean isKnown) {}
}
