/**
 * The JSON codec reads and writes one JSON object per record against the row's Avro schema.
 *
 * <p>Decoding walks Jackson's streaming parser and writes each value straight into the row's
 * positional slot, with no intermediate tree; encoding walks the row and writes through one reused
 * generator. {@link io.sluice.serdes.json.JsonOptions} holds the type rules users may change.
 */
package io.sluice.serdes.json;
