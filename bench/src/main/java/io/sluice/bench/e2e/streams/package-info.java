/**
 * The Kafka Streams versions of Sluice's ready pipelines, written as a Kafka Streams user would
 * (Jackson for JSON, Avro's {@code GenericDatumWriter}, the DSL's windowed aggregation), run with
 * {@code exactly_once_v2} for the end-to-end benchmark.
 */
package io.sluice.bench.e2e.streams;
