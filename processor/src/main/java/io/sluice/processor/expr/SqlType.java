package io.sluice.processor.expr;

import io.sluice.serdes.Schemas;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

/**
 * An SQL type is the static type of an expression's values: a kind, the precision and scale of a
 * decimal, and for kinds that are passed through unchanged (enum, bytes, record, array, map, union)
 * the Avro schema they came from.
 *
 * <p>Nullability is not part of the type; each evaluator knows whether it may yield null.
 */
record SqlType(Kind kind, int precision, int scale, Schema avro) {

    /** What values of a type are, as Java objects in row conventions. */
    enum Kind {
        /** The type of the literal NULL, before it takes the type of its context. */
        NULL("null"),
        BOOLEAN("boolean"),
        INT("int"),
        LONG("long"),
        FLOAT("float"),
        DOUBLE("double"),
        DECIMAL("decimal"),
        STRING("string"),
        /** Long epoch milliseconds, UTC. */
        TIMESTAMP("timestamp"),
        /** Integer days since 1970-01-01. */
        DATE("date"),
        ENUM("enum"),
        BYTES("bytes"),
        RECORD("record"),
        ARRAY("array"),
        MAP("map"),
        UNION("union");

        private final String text;

        Kind(String text) {
            this.text = text;
        }
    }

    static final int MAX_PRECISION = 38;
    static final SqlType NULL = of(Kind.NULL);
    static final SqlType BOOLEAN = of(Kind.BOOLEAN);
    static final SqlType INT = of(Kind.INT);
    static final SqlType LONG = of(Kind.LONG);
    static final SqlType FLOAT = of(Kind.FLOAT);
    static final SqlType DOUBLE = of(Kind.DOUBLE);
    static final SqlType STRING = of(Kind.STRING);
    static final SqlType TIMESTAMP = of(Kind.TIMESTAMP);
    static final SqlType DATE = of(Kind.DATE);

    private static SqlType of(Kind kind) {
        return new SqlType(kind, 0, 0, null);
    }

    static SqlType decimal(int precision, int scale) {
        return new SqlType(Kind.DECIMAL, precision, scale, null);
    }

    /** The type of values of {@code schema}, ignoring a null branch of a union. */
    static SqlType fromAvro(Schema schema) {
        Schema type = Schemas.nonNull(schema);
        LogicalType logical = type.getLogicalType();
        if (logical instanceof LogicalTypes.Decimal decimal) {
            return decimal(decimal.getPrecision(), decimal.getScale());
        }
        switch (type.getType()) {
            case NULL:
                return NULL;
            case BOOLEAN:
                return BOOLEAN;
            case INT:
                return logical instanceof LogicalTypes.Date ? DATE : INT;
            case LONG:
                return logical instanceof LogicalTypes.TimestampMillis ? TIMESTAMP : LONG;
            case FLOAT:
                return FLOAT;
            case DOUBLE:
                return DOUBLE;
            case STRING:
                return STRING;
            case ENUM:
                return new SqlType(Kind.ENUM, 0, 0, type);
            case BYTES:
            case FIXED:
                return new SqlType(Kind.BYTES, 0, 0, type);
            case RECORD:
                return new SqlType(Kind.RECORD, 0, 0, type);
            case ARRAY:
                return new SqlType(Kind.ARRAY, 0, 0, type);
            case MAP:
                return new SqlType(Kind.MAP, 0, 0, type);
            default:
                return new SqlType(Kind.UNION, 0, 0, type);
        }
    }

    /** The Avro schema of non-null values of this type. */
    Schema toAvro() {
        switch (kind) {
            case NULL:
                return Schema.create(Schema.Type.NULL);
            case BOOLEAN:
                return Schema.create(Schema.Type.BOOLEAN);
            case INT:
                return Schema.create(Schema.Type.INT);
            case LONG:
                return Schema.create(Schema.Type.LONG);
            case FLOAT:
                return Schema.create(Schema.Type.FLOAT);
            case DOUBLE:
                return Schema.create(Schema.Type.DOUBLE);
            case DECIMAL:
                return LogicalTypes.decimal(precision, scale)
                        .addToSchema(Schema.create(Schema.Type.BYTES));
            case STRING:
                return Schema.create(Schema.Type.STRING);
            case TIMESTAMP:
                return LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG));
            case DATE:
                return LogicalTypes.date().addToSchema(Schema.create(Schema.Type.INT));
            default:
                return avro;
        }
    }

    /** The Avro schema of values of this type: a union with null first when {@code nullable}. */
    Schema toAvro(boolean nullable) {
        Schema schema = toAvro();
        if (!nullable || kind == Kind.NULL) {
            return schema;
        }
        if (schema.getType() == Schema.Type.UNION) {
            return schema.isNullable() ? schema : withNull(schema.getTypes());
        }
        return Schema.createUnion(Schema.create(Schema.Type.NULL), schema);
    }

    private static Schema withNull(List<Schema> branches) {
        List<Schema> all = new ArrayList<>();
        all.add(Schema.create(Schema.Type.NULL));
        all.addAll(branches);
        return Schema.createUnion(all);
    }

    boolean isNumeric() {
        return kind == Kind.INT
                || kind == Kind.LONG
                || kind == Kind.FLOAT
                || kind == Kind.DOUBLE
                || kind == Kind.DECIMAL;
    }

    /** Whether values are Integer or Long, read with {@code evalLong}. */
    boolean isIntegral() {
        return kind == Kind.INT || kind == Kind.LONG;
    }

    /** Whether values are Float or Double, read with {@code evalDouble}. */
    boolean isFloating() {
        return kind == Kind.FLOAT || kind == Kind.DOUBLE;
    }

    /** Whether values are held in a Java long or int: integers, timestamps and dates. */
    boolean isLongBacked() {
        return isIntegral() || kind == Kind.TIMESTAMP || kind == Kind.DATE;
    }

    /** Whether values box as Integer (int and date) rather than Long. */
    boolean boxesAsInteger() {
        return kind == Kind.INT || kind == Kind.DATE;
    }

    /** Whether values are strings or enum symbols, which compare by their text. */
    boolean isText() {
        return kind == Kind.STRING || kind == Kind.ENUM;
    }

    /** Whether values are passed through as they are, without SQL operations on them. */
    boolean isOpaque() {
        return kind == Kind.BYTES
                || kind == Kind.RECORD
                || kind == Kind.ARRAY
                || kind == Kind.MAP
                || kind == Kind.UNION;
    }

    /** The decimal type that holds every value of this integral or decimal type exactly. */
    SqlType asDecimal() {
        switch (kind) {
            case INT:
                return decimal(10, 0);
            case LONG:
                return decimal(19, 0);
            default:
                return this;
        }
    }

    @Override
    public String toString() {
        if (kind == Kind.DECIMAL) {
            return "decimal(" + precision + "," + scale + ")";
        }
        if (avro != null && (kind == Kind.RECORD || kind == Kind.ENUM)) {
            return kind.text + " " + avro.getName();
        }
        return kind.text;
    }
}
