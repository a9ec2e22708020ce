package io.sluice.serdes.internal;

import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

/** A kind is the Avro type of a schema with the logical types the codecs treat specially. */
public enum Kind {
    NULL,
    BOOLEAN,
    INT,
    LONG,
    FLOAT,
    DOUBLE,
    STRING,
    BYTES,
    FIXED,
    ENUM,
    RECORD,
    ARRAY,
    MAP,
    UNION,
    DECIMAL,
    TIMESTAMP_MILLIS,
    TIMESTAMP_MICROS,
    DATE,
    UUID;

    /** The kind of a schema; unknown logical types fall back to their underlying type. */
    public static Kind of(Schema schema) {
        LogicalType logical = schema.getLogicalType();
        if (logical instanceof LogicalTypes.Decimal) {
            return DECIMAL;
        }
        if (logical instanceof LogicalTypes.TimestampMillis
                || logical instanceof LogicalTypes.LocalTimestampMillis) {
            return TIMESTAMP_MILLIS;
        }
        if (logical instanceof LogicalTypes.TimestampMicros
                || logical instanceof LogicalTypes.LocalTimestampMicros) {
            return TIMESTAMP_MICROS;
        }
        if (logical instanceof LogicalTypes.Date) {
            return DATE;
        }
        if (logical != null
                && schema.getType() == Schema.Type.STRING
                && "uuid".equals(logical.getName())) {
            return UUID;
        }
        return valueOf(schema.getType().name());
    }

    /** Whether values of this kind are numbers in text formats. */
    public boolean isNumeric() {
        return this == INT || this == LONG || this == FLOAT || this == DOUBLE || this == DECIMAL;
    }

    /** Whether this kind holds other values (record, array, map or union). */
    public boolean isComplex() {
        return this == RECORD || this == ARRAY || this == MAP || this == UNION;
    }

    /** The name used in error messages, e.g. {@code timestamp-millis}. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** The non-null branch of a two-branch union with null, or null when the union is not one. */
    public static Schema nullableBranch(Schema union) {
        if (union.getType() != Schema.Type.UNION || union.getTypes().size() != 2) {
            return null;
        }
        Schema a = union.getTypes().get(0);
        Schema b = union.getTypes().get(1);
        if (a.getType() == Schema.Type.NULL) {
            return b;
        }
        return b.getType() == Schema.Type.NULL ? a : null;
    }
}
