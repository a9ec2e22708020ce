package io.sluice.serdes;

/**
 * The source of writer schemas (a schema registry) cannot answer now. Unlike a decode error, this
 * says nothing about the record: a decoder lets it through, and the caller decodes the record again
 * once the source is back.
 */
public class SchemaSourceUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SchemaSourceUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
