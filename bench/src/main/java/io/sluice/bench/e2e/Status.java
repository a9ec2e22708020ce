package io.sluice.bench.e2e;

/** How a run ended. */
enum Status {
    /** Every expected output became visible. */
    OK,
    /** The time limit passed first. */
    TIMED_OUT,
    /** The workload's JVM exited first. */
    FAILED,
    /** Every expected output became visible, but a check of their content found wrong ones. */
    WRONG_OUTPUT
}
