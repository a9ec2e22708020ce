package io.sluice.serdes;

/**
 * A codec exception reports a row that cannot be encoded, naming the field path at fault.
 *
 * <p>Decoders never throw it; they return {@link DecodeResult.DecodeError} instead.
 */
public final class CodecException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String fieldPath;

    /** Creates an exception for the field at {@code fieldPath} (empty for the whole row). */
    public CodecException(String reason, String fieldPath) {
        super(fieldPath.isEmpty() ? reason : reason + " (field " + fieldPath + ")");
        this.fieldPath = fieldPath;
    }

    /** Creates an exception for the field at {@code fieldPath} with its underlying cause. */
    public CodecException(String reason, String fieldPath, Throwable cause) {
        super(fieldPath.isEmpty() ? reason : reason + " (field " + fieldPath + ")", cause);
        this.fieldPath = fieldPath;
    }

    /** The dotted path of the field that could not be encoded; empty for the whole row. */
    public String fieldPath() {
        return fieldPath;
    }
}
