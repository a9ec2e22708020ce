/**
 * JMH benchmarks of the serdes codecs against the plain Jackson-tree-then-Avro path they replace.
 *
 * <p>Run from the repository root so that the default sample path resolves; see docs/benchmarks.md.
 */
package io.sluice.bench.codec;
