/**
 * SQL expressions for pipeline steps ({@code where}, {@code select}, {@code withColumn}): parsed
 * with JSqlParser, type-checked against the input's Avro schema, and compiled once into a tree of
 * small evaluators bound to field positions.
 *
 * <p>{@link io.sluice.processor.expr.ExpressionCompiler} is the entry point; everything else public
 * here is what it returns or throws. The package knows rows and schemas only: no Kafka, no pipeline
 * files, no operators. User documentation: {@code docs/expressions.md}.
 */
package io.sluice.processor.expr;
