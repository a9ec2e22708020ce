package io.sluice.processor;

/** Root of the exceptions Sluice throws; each subtype is named by how the engine reacts. */
public class SluiceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SluiceException(String message) {
        super(message);
    }

    public SluiceException(String message, Throwable cause) {
        super(message, cause);
    }
}
