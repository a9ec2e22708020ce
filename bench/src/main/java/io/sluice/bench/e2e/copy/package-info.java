/**
 * The ceilings of the end-to-end benchmark: plain consume-produce loops with the same Kafka client
 * settings as Sluice's engine, with and without transactions.
 *
 * <p>Nothing here decodes a record: what these loops reach is what the broker and the clients allow
 * on this machine.
 */
package io.sluice.bench.e2e.copy;
