package io.sluice.serdes.internal;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.IndexedRecord;

/**
 * Unions chooses the branch of a union schema that a row value belongs to, following the row value
 * conventions: first a branch of the value's exact type, then one it widens to losslessly.
 */
public final class Unions {

    private Unions() {}

    /**
     * The index of the branch of {@code union} that holds {@code value}.
     *
     * @throws FieldFailure when no branch can hold the value
     */
    public static int branchIndex(Schema union, Object value) {
        List<Schema> branches = union.getTypes();
        for (int i = 0; i < branches.size(); i++) {
            if (holdsExactly(branches.get(i), value)) {
                return i;
            }
        }
        for (int i = 0; i < branches.size(); i++) {
            if (holdsWidened(Kind.of(branches.get(i)), value)) {
                return i;
            }
        }
        throw new FieldFailure(
                "no branch of union "
                        + union
                        + " holds a "
                        + (value == null ? "null" : value.getClass().getSimpleName()));
    }

    private static boolean holdsExactly(Schema branch, Object value) {
        Kind kind = Kind.of(branch);
        switch (kind) {
            case NULL:
                return value == null;
            case BOOLEAN:
                return value instanceof Boolean;
            case INT:
            case DATE:
                return value instanceof Integer;
            case LONG:
            case TIMESTAMP_MILLIS:
            case TIMESTAMP_MICROS:
                return value instanceof Long;
            case FLOAT:
                return value instanceof Float;
            case DOUBLE:
                return value instanceof Double;
            case STRING:
            case UUID:
                return value instanceof CharSequence;
            case BYTES:
                return value instanceof ByteBuffer || value instanceof byte[];
            case FIXED:
                return value instanceof GenericFixed
                        && ((GenericFixed) value)
                                .getSchema()
                                .getFullName()
                                .equals(branch.getFullName());
            case ENUM:
                return value instanceof GenericEnumSymbol
                                && ((GenericEnumSymbol<?>) value)
                                        .getSchema()
                                        .getFullName()
                                        .equals(branch.getFullName())
                        || value instanceof CharSequence && branch.hasEnumSymbol(value.toString());
            case DECIMAL:
                return value instanceof BigDecimal;
            case ARRAY:
                return value instanceof Collection;
            case MAP:
                return value instanceof Map;
            case RECORD:
                return value instanceof IndexedRecord
                        && ((IndexedRecord) value)
                                .getSchema()
                                .getFullName()
                                .equals(branch.getFullName());
            default:
                return false;
        }
    }

    private static boolean holdsWidened(Kind kind, Object value) {
        boolean integer =
                value instanceof Integer || value instanceof Short || value instanceof Byte;
        switch (kind) {
            case LONG:
                return integer;
            case FLOAT:
                return integer || value instanceof Long;
            case DOUBLE:
                return integer || value instanceof Long || value instanceof Float;
            case RECORD:
                return value instanceof IndexedRecord;
            default:
                return false;
        }
    }
}
