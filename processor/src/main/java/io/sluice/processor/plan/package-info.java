/**
 * A compiled pipeline: its source, its operators, its sink, its trigger and its error policy,
 * validated and ready to run. The pipeline-file compiler and the Java API both produce a {@link
 * io.sluice.processor.plan.PipelinePlan}; the engine runs it.
 */
package io.sluice.processor.plan;
