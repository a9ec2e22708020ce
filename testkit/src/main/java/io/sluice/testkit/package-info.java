/**
 * JUnit 5 support for integration tests on a real Kafka broker.
 *
 * <p>{@link io.sluice.testkit.KafkaClusterExtension} picks one cluster per test JVM (one per Maven
 * module run): the one named by {@code SLUICE_TEST_BOOTSTRAP_SERVERS}, else Testcontainers' Kafka
 * module when a Docker engine answers, else a local KRaft broker in a child JVM. Nothing here mocks
 * Kafka.
 */
package io.sluice.testkit;
