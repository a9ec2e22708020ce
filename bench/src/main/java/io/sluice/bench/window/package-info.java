/**
 * JMH benchmarks of windowed aggregation's per-batch logic (pre-aggregation, merging with stored
 * state, emission), over an in-memory store that keeps encoded state, without Kafka or RocksDB.
 */
package io.sluice.bench.window;
