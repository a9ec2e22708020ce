package io.sluice.processor;

/** The batch cannot commit: abort its transaction, rewind to its from-offsets and retry it. */
public class BatchRetryException extends SluiceException {
    private static final long serialVersionUID = 1L;

    public BatchRetryException(String message, Throwable cause) {
        super(message, cause);
    }
}
