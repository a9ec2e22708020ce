/**
 * Codecs that turn Kafka record bytes into rows and rows back into bytes, for JSON, CSV and Avro.
 *
 * <p>A row is an Avro {@link org.apache.avro.generic.GenericRecord} whose values follow the
 * conventions in {@link io.sluice.serdes.Rows}. {@link io.sluice.serdes.Codecs} builds a {@link
 * io.sluice.serdes.RowDecoder} or {@link io.sluice.serdes.RowEncoder} for a {@link
 * io.sluice.serdes.FormatSpec}; decoders report bad input as a {@link
 * io.sluice.serdes.DecodeResult.DecodeError} value and never throw.
 */
package io.sluice.serdes;
