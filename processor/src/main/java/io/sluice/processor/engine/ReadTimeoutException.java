package io.sluice.processor.engine;

import io.sluice.processor.BatchRetryException;

/** A batch's ranges were not read in time: retry it, smaller, so it fits the transaction. */
final class ReadTimeoutException extends BatchRetryException {
    private static final long serialVersionUID = 1L;

    ReadTimeoutException(String message) {
        super(message, null);
    }
}
