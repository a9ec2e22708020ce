/**
 * The engine's Micrometer metrics, published in Prometheus' text format: record counts, batch
 * durations and sizes, commit latency, lag, watermarks, state sizes and restore progress. Fed by an
 * {@link io.sluice.processor.engine.EngineListener}, once per batch or rebalance, never per record;
 * the only importer of Micrometer.
 */
package io.sluice.processor.metrics;
