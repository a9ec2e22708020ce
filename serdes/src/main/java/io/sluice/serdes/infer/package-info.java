/**
 * Schema inference proposes an Avro record schema from sample JSON or CSV records.
 *
 * <p>It widens numbers (int, then long, then double), makes a field nullable when any sample lacks
 * it or holds null, nests records for objects and reads timestamps in the configured pattern. The
 * result is a starting point for a pipeline's {@code .avsc}, meant to be reviewed.
 */
package io.sluice.serdes.infer;
