/**
 * The Avro codecs: plain binary with a writer schema, single-object encoding resolved through a
 * {@link io.sluice.serdes.avro.SchemaStore}, and the Confluent wire format with ids from a {@link
 * io.sluice.serdes.avro.ConfluentSchemaDirectory}.
 *
 * <p>Decoding uses Avro's schema resolution over a bounded decoder that refuses lengths beyond the
 * input, so cut or hostile bytes become decode errors rather than huge allocations. Encoding uses a
 * writer compiled from the schema into a reused buffer.
 */
package io.sluice.serdes.avro;
