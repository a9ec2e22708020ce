package io.sluice.bench.e2e;

/**
 * One generated invoice as it is sent: key (its store) and JSON value, with what the harness needs
 * to know of it to predict the outputs.
 */
record Invoice(byte[] key, byte[] value, String storeId, long createdTimeMs, boolean isPrime) {}
