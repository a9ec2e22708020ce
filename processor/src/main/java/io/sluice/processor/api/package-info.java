/**
 * The structured Java API: a pipeline of rows with a schema, built step by step as in a pipeline
 * file ({@code Pipelines.named("x").source(...).where(...)...sink(...).build()}).
 *
 * <p>The builder assembles the document a pipeline file holds and compiles it with {@code
 * io.sluice.processor.pipeline}, so a file and the equivalent Java code give the same plan, with
 * the same rules and error messages. It adds what a file cannot say: schemas as objects and
 * group-state steps ({@code io.sluice.processor.stateful.groupstate}). It runs plans through {@code
 * io.sluice.processor.engine} and never touches Kafka clients itself.
 */
package io.sluice.processor.api;
