/**
 * What a pipeline is made of: row operators, the collector they emit to, and the exceptions the
 * engine reacts to.
 *
 * <p>A row is an Avro {@code GenericRecord} (see {@code io.sluice.serdes.Rows} for the value
 * conventions). Operators never see Kafka clients; the engine ({@code .engine}) and the committer
 * ({@code .commit}) are the only code that does.
 */
package io.sluice.processor;
