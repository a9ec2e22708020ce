package io.sluice.bench.e2e;

import java.nio.charset.StandardCharsets;

/**
 * One generated invoice as it is sent: key (its store) and JSON value, with what the harness needs
 * to know of it to predict the outputs.
 *
 * @param key the StoreID, UTF-8
 * @param value the invoice as JSON
 * @param storeId its store
 * @param cardNo its {@code CustomerCardNo}; null for a NONPRIME invoice
 * @param createdTimeMs its {@code CreatedTime}
 * @param isPrime whether its customer is PRIME
 * @param isCustomerKnown whether its card was drawn from the generated customers' (never true for
 *     the cards of the sample)
 */
record Invoice(
        byte[] key,
        byte[] value,
        String storeId,
        String cardNo,
        long createdTimeMs,
        boolean isPrime,
        boolean isCustomerKnown) {

    /** Its card number as a key, UTF-8; null when it has none. */
    byte[] cardKey() {
        return cardNo == null ? null : cardNo.getBytes(StandardCharsets.UTF_8);
    }
}
