package io.sluice.registry;

/**
 * The schema registry answered a request with an error: an incompatible or invalid schema, refused
 * credentials, an unknown subject where one is required. Asking again will not help.
 *
 * <p>Errors that may pass (the registry cannot be reached, or fails on its side) are {@link
 * RegistryUnavailableException}s instead.
 */
public class RegistryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final int errorCode;
    private final String registryMessage;

    /**
     * An error answer.
     *
     * @param status the HTTP status of the answer
     * @param errorCode the registry's {@code error_code} (e.g. 40401, 409, 42201), or the status
     *     when the answer had none
     * @param registryMessage the registry's own {@code message}
     * @param message what went wrong, for people: the request and the registry's message
     */
    public RegistryException(int status, int errorCode, String registryMessage, String message) {
        super(message);
        this.status = status;
        this.errorCode = errorCode;
        this.registryMessage = registryMessage;
    }

    /** The HTTP status of the answer, e.g. 409 for an incompatible schema. */
    public int status() {
        return status;
    }

    /** The registry's error code, e.g. 40401 (subject not found) or 42201 (invalid schema). */
    public int errorCode() {
        return errorCode;
    }

    /** The registry's own message, as it gave it. */
    public String registryMessage() {
        return registryMessage;
    }
}
