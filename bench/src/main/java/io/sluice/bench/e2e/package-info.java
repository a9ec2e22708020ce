/**
 * The end-to-end benchmark harness: it loads generated invoices into a real broker, runs each
 * workload (plain copy loops, Sluice pipelines, Kafka Streams apps) as a JVM of its own, and
 * reports throughput, CPU, memory and latency as seen by a {@code read_committed} consumer.
 *
 * <p>{@link io.sluice.bench.e2e.E2eMain} is the entry point ({@code bench/run-e2e.sh}). The
 * workloads themselves live in {@code copy} and {@code streams}, which know nothing of the harness;
 * Sluice runs through its own command line, {@code io.sluice.cli.SluiceMain}.
 */
package io.sluice.bench.e2e;
