/**
 * Aggregate functions and their accumulators: count, sum, avg, min, max, first, last, collect_list
 * and count_distinct, each an accumulator that updates from values, merges with another, serializes
 * to compact versioned bytes and yields a result with an Avro schema.
 *
 * <p>{@link io.sluice.processor.aggregate.AggregateSpec} compiles the {@code aggregate} map of a
 * pipeline step into {@link io.sluice.processor.aggregate.CompiledAggregate}s. The package knows
 * rows, schemas and expressions only: no windows, no Kafka, no RocksDB.
 */
package io.sluice.processor.aggregate;
