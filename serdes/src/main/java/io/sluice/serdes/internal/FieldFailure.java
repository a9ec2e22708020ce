package io.sluice.serdes.internal;

/**
 * A field failure carries a reason and the field path up to a codec's boundary, where it becomes a
 * {@link io.sluice.serdes.DecodeResult.DecodeError} or a {@link io.sluice.serdes.CodecException}.
 *
 * <p>It has no stack trace: it is an expected outcome on bad input, and the path, built while the
 * exception unwinds through nested readers and writers, says where it happened.
 */
public final class FieldFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String reason;
    private String fieldPath = "";

    /** Creates a failure with the given reason and no field path yet. */
    public FieldFailure(String reason) {
        super(reason, null, false, false);
        this.reason = reason;
    }

    /** The reason, without the path. */
    public String reason() {
        return reason;
    }

    /** The dotted field path, outermost first; empty when the failure is not inside a field. */
    public String fieldPath() {
        return fieldPath;
    }

    /** Prefixes the path with a record field name; returns this failure for rethrowing. */
    public FieldFailure inField(String name) {
        fieldPath =
                fieldPath.isEmpty() || fieldPath.charAt(0) == '['
                        ? name + fieldPath
                        : name + '.' + fieldPath;
        return this;
    }

    /** Prefixes the path with an array index; returns this failure for rethrowing. */
    public FieldFailure atIndex(int index) {
        String prefix = "[" + index + "]";
        fieldPath =
                fieldPath.isEmpty() || fieldPath.charAt(0) == '['
                        ? prefix + fieldPath
                        : prefix + '.' + fieldPath;
        return this;
    }

    /** Prefixes the path with a map key; returns this failure for rethrowing. */
    public FieldFailure atKey(String key) {
        return inField(key);
    }
}
