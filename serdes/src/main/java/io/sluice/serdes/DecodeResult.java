package io.sluice.serdes;

import java.util.Objects;
import org.apache.avro.generic.GenericRecord;

/**
 * A decode result is either the decoded row or the reason the bytes could not be decoded.
 *
 * <p>Errors are values so that the engine can route them to the dead-letter topic without
 * exceptions on the hot path.
 */
public sealed interface DecodeResult permits DecodeResult.Decoded, DecodeResult.DecodeError {

    /** A successfully decoded row. */
    record Decoded(GenericRecord row) implements DecodeResult {
        public Decoded {
            Objects.requireNonNull(row, "row");
        }
    }

    /**
     * A decode error: what went wrong, where in the row and where in the input.
     *
     * @param reason what was wrong, e.g. {@code expected int, got string}
     * @param fieldPath dotted path of the field being read, e.g. {@code Items[2].Price}; empty when
     *     the error is not inside a field
     * @param position byte offset (binary formats) or character offset (text formats) in the input
     *     where the error was detected, or -1 when unknown
     */
    record DecodeError(String reason, String fieldPath, long position) implements DecodeResult {
        public DecodeError {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(fieldPath, "fieldPath");
        }

        /** A one-line description fit for a dead-letter header. */
        public String message() {
            StringBuilder b = new StringBuilder(reason);
            if (!fieldPath.isEmpty()) {
                b.append(" at field ").append(fieldPath);
            }
            if (position >= 0) {
                b.append(" (offset ").append(position).append(')');
            }
            return b.toString();
        }
    }
}
