/**
 * Micro-batches the direct way: a batch is a batch id and one offset range per partition, planned
 * from the committed positions and the last stable offsets. Pure values and planning; nothing here
 * talks to Kafka.
 */
package io.sluice.processor.batch;
