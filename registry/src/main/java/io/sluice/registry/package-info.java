/**
 * A client of the Confluent Schema Registry REST API, for Avro schemas.
 *
 * <p>{@link io.sluice.registry.SchemaRegistryClient} speaks the API over the JDK's HTTP client,
 * with {@link io.sluice.registry.RegistrySettings} for URLs, credentials and TLS; {@link
 * io.sluice.registry.CachedSchemaRegistry} puts caches in front of it and serves the Avro decoders
 * of {@code sluice-serdes} as their schema id lookup. Errors are sorted by reaction: {@link
 * io.sluice.registry.RegistryException} when the registry said no, {@link
 * io.sluice.registry.RegistryUnavailableException} when it could not be reached. The package uses
 * no Kafka or engine types; Confluent's own client is not on Maven Central and is not used.
 */
package io.sluice.registry;
