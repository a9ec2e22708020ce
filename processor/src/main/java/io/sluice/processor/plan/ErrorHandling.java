package io.sluice.processor.plan;

import java.util.Objects;

/**
 * What happens to a record that fails to decode, evaluate or encode.
 *
 * @param policy dead-letter (default), skip (counted) or fail
 * @param deadLetterTopic the dead-letter topic; null means {@code <pipeline name>-dlq}
 */
public record ErrorHandling(ErrorPolicy policy, String deadLetterTopic) {
    public ErrorHandling {
        Objects.requireNonNull(policy, "policy");
    }

    /** The dead-letter topic of pipeline {@code pipeline} when none is set: {@code <name>-dlq}. */
    public static String defaultDeadLetterTopic(String pipeline) {
        return pipeline + "-dlq";
    }

    /** Dead-letter to {@code <name>-dlq}. */
    public static ErrorHandling defaults() {
        return new ErrorHandling(ErrorPolicy.DEAD_LETTER, null);
    }

    /** The reaction to a bad record. */
    public enum ErrorPolicy {
        /**
         * Send it to the dead-letter topic with headers naming the error, in the same transaction.
         */
        DEAD_LETTER,
        /** Drop it and count it. */
        SKIP,
        /** Stop the pipeline without committing the batch. */
        FAIL
    }
}
