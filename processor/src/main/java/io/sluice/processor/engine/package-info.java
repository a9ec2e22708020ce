/**
 * The batch loop: partition ownership from the consumer group, batch planning, reading exactly the
 * planned ranges, running the operators, and committing through the transactional committer; and
 * the ingesters that copy a file, rate or socket source into the pipeline's ingest topic.
 *
 * <p>Imported by nothing but the CLI and the Java API entry points; together with {@code .commit}
 * the only code that touches {@code KafkaConsumer} or {@code KafkaProducer}.
 */
package io.sluice.processor.engine;
