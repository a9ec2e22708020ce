/**
 * The stateless row operators of a pipeline: where, select, withColumn, drop, explode, and the
 * conversion of rows to a sink's schema.
 *
 * <p>{@link io.sluice.processor.operator.Operators} builds them from compiled expressions; each
 * resolves field positions and output schemas once, so processing a row allocates only the rows it
 * emits. Operators never see Kafka, codecs or pipeline files.
 */
package io.sluice.processor.operator;
