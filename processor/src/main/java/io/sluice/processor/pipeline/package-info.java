/**
 * Pipeline files: the YAML that describes one pipeline, compiled into a {@link
 * io.sluice.processor.plan.PipelinePlan} by {@link io.sluice.processor.pipeline.PipelineFile}.
 *
 * <p>The package owns reading the file (SnakeYAML's node tree, so every error names its line and
 * column), validating it before anything starts, and printing the plan. It builds operators through
 * {@code io.sluice.processor.operator}, expressions through {@code io.sluice.processor.expr},
 * aggregation steps through {@code io.sluice.processor.aggregate} and {@code
 * io.sluice.processor.window}, and codecs through serdes; it never touches Kafka clients.
 */
package io.sluice.processor.pipeline;
