/**
 * A single-node Apache Kafka broker in KRaft mode, run from Kafka's own jars in a child JVM.
 *
 * <p>It is the embedded default of {@code bin/sluice} (a developer convenience, never part of the
 * service image) and the broker that integration tests use when no cluster is named and no Docker
 * engine answers. Kafka's server jars are an optional dependency of this module: they reach only
 * the child JVM, through the classpath written at build time into {@code broker-classpath.txt}.
 */
package io.sluice.localbroker;
