/**
 * JUnit 5 support for integration tests on a real Kafka broker and a real schema registry.
 *
 * <p>{@link io.sluice.testkit.KafkaClusterExtension} picks one cluster per test JVM (one per Maven
 * module run): the one named by {@code SLUICE_TEST_BOOTSTRAP_SERVERS}, else Testcontainers' Kafka
 * module when a Docker engine answers, else a local KRaft broker in a child JVM.
 *
 * <p>{@link io.sluice.testkit.SchemaRegistryExtension} picks one schema registry per test JVM the
 * same way: the one named by {@code SLUICE_TEST_SCHEMA_REGISTRY_URL}, else Apicurio Registry's
 * image under Testcontainers when a Docker engine answers, else Apicurio Registry in a child JVM
 * from its Maven Central distribution, which a module's build unpacks by opting in to the parent
 * pom's {@code apicurio-registry} execution of the dependency plugin. Apicurio serves Confluent's
 * API under {@code /apis/ccompat/v7}. Nothing here mocks Kafka or the registry.
 */
package io.sluice.testkit;
