package io.sluice.processor.aggregate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

/** Aggregate types holds the schema helpers of aggregate functions: nullability and type names. */
final class AggregateTypes {

    private AggregateTypes() {}

    /** {@code [null, T]} for {@code T}; a union that already has null as it is. */
    static Schema nullable(Schema schema) {
        if (schema.getType() == Schema.Type.NULL || schema.isNullable()) {
            return schema;
        }
        if (schema.getType() == Schema.Type.UNION) {
            List<Schema> branches = new ArrayList<>();
            branches.add(Schema.create(Schema.Type.NULL));
            branches.addAll(schema.getTypes());
            return Schema.createUnion(branches);
        }
        return Schema.createUnion(Schema.create(Schema.Type.NULL), schema);
    }

    /** A type name users know: {@code int}, {@code timestamp}, {@code decimal(10,2)}. */
    static String describe(Schema schema) {
        LogicalType logical = schema.getLogicalType();
        if (logical instanceof LogicalTypes.Decimal d) {
            return "decimal(" + d.getPrecision() + "," + d.getScale() + ")";
        }
        if (logical instanceof LogicalTypes.TimestampMillis
                || logical instanceof LogicalTypes.TimestampMicros) {
            return "timestamp";
        }
        if (logical instanceof LogicalTypes.Date) {
            return "date";
        }
        return schema.getType().getName().toLowerCase(Locale.ROOT);
    }
}
