package io.sluice.processor.aggregate;

import java.math.BigDecimal;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

/**
 * A value order compares two non-null values of one ordered type in row conventions, as the
 * expression language compares them: numbers by value, text by UTF-16 code units, enum symbols by
 * name, {@code FALSE < TRUE}.
 */
enum ValueOrder {
    /** int, long, date and timestamp values. */
    INTEGRAL {
        @Override
        int compare(Object a, Object b) {
            return Long.compare(((Number) a).longValue(), ((Number) b).longValue());
        }
    },
    /** float and double values; -0.0 equals 0.0 and NaN is above every other number. */
    FLOATING {
        @Override
        int compare(Object a, Object b) {
            double x = ((Number) a).doubleValue();
            double y = ((Number) b).doubleValue();
            return x == y ? 0 : Double.compare(x, y);
        }
    },
    DECIMAL {
        @Override
        int compare(Object a, Object b) {
            return ((BigDecimal) a).compareTo((BigDecimal) b);
        }
    },
    /** Strings, and enum symbols by their names. */
    TEXT {
        @Override
        int compare(Object a, Object b) {
            return a.toString().compareTo(b.toString());
        }
    },
    BOOLEAN {
        @Override
        int compare(Object a, Object b) {
            return Boolean.compare((Boolean) a, (Boolean) b);
        }
    };

    abstract int compare(Object a, Object b);

    /** The order of values of {@code type} (not a union), or null when they have none. */
    static ValueOrder of(Schema type) {
        if (type.getLogicalType() instanceof LogicalTypes.Decimal) {
            return DECIMAL;
        }
        switch (type.getType()) {
            case INT:
            case LONG:
                return INTEGRAL;
            case FLOAT:
            case DOUBLE:
                return FLOATING;
            case STRING:
            case ENUM:
                return TEXT;
            case BOOLEAN:
                return BOOLEAN;
            default:
                return null;
        }
    }
}
