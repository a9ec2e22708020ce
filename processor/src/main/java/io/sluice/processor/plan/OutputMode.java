package io.sluice.processor.plan;

/**
 * The output mode of a pipeline, as Structured Streaming's: which result rows each batch emits.
 *
 * <p>A pipeline of stateless steps emits every row once, so only {@link #APPEND} is valid for it;
 * the other modes wait for aggregation steps.
 */
public enum OutputMode {
    /** Each result row once, when it is final. */
    APPEND,
    /** The result rows that changed in the batch. */
    UPDATE,
    /** The whole result table, every batch. */
    COMPLETE
}
