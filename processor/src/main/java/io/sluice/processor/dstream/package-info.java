/**
 * The DStream-style Java API: a {@link io.sluice.processor.dstream.StreamingContext} with a batch
 * interval and a clock, {@link io.sluice.processor.dstream.DStream}s and keyed {@link
 * io.sluice.processor.dstream.PairDStream}s with Spark Streaming's per-batch semantics, evaluated
 * batch by batch as immutable lists.
 *
 * <p>Keyed and windowed state sits behind the package-private {@code StateStore}, kept in memory
 * here; it must not use Kafka clients or RocksDB directly, so a later step can back the stores with
 * the engine's task stores and changelogs.
 */
package io.sluice.processor.dstream;
