package io.sluice.processor;

/** Another instance owns this work now: stop without committing anything more. */
public class FencedException extends SluiceException {
    private static final long serialVersionUID = 1L;

    public FencedException(String message, Throwable cause) {
        super(message, cause);
    }
}
