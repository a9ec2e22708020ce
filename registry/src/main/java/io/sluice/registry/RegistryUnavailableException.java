package io.sluice.registry;

import io.sluice.serdes.SchemaSourceUnavailableException;

/**
 * The schema registry could not answer now: no URL accepted a connection, a request timed out, or
 * the registry failed on its side (HTTP 5xx, 408, 429). The request may succeed later.
 */
public class RegistryUnavailableException extends SchemaSourceUnavailableException {
    private static final long serialVersionUID = 1L;

    /**
     * A registry that cannot answer.
     *
     * @param message names the URLs tried (without user info) and why each failed
     * @param cause the last failure, or null when the registry answered with an error status
     */
    public RegistryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
