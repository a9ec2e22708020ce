package io.sluice.processor.commit;

/** How a commit attempt ended. */
public enum CommitOutcome {
    /** The batch's outputs and offsets are committed. */
    COMMITTED,
    /** The transaction was aborted: rewind to the batch's from-offsets and run it again. */
    ABORTED
}
