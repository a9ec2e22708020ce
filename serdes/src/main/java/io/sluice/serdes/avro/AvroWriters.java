package io.sluice.serdes.avro;

import io.sluice.serdes.internal.ByteSink;
import io.sluice.serdes.internal.FieldFailure;
import io.sluice.serdes.internal.FieldLayout;
import io.sluice.serdes.internal.Kind;
import io.sluice.serdes.internal.Unions;
import io.sluice.serdes.internal.Values;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;

/**
 * Avro writers compile a schema once into a tree of value writers that write row values as Avro
 * binary, so that encoding does no schema inspection and no per-value allocation.
 */
final class AvroWriters {

    /** Writes one value of a fixed schema. */
    interface ValueWriter {
        void write(ByteSink sink, Object value);
    }

    private final Map<Schema, RecordWriter> records = new IdentityHashMap<>();

    private AvroWriters() {}

    static ValueWriter forRecord(Schema schema) {
        if (schema.getType() != Schema.Type.RECORD) {
            throw new IllegalArgumentException(
                    "a row schema must be a record, got " + schema.getType());
        }
        return new AvroWriters().compile(schema);
    }

    private ValueWriter compile(Schema schema) {
        switch (Kind.of(schema)) {
            case NULL:
                return (s, v) -> {
                    if (v != null) {
                        throw Values.mismatch("null", v);
                    }
                };
            case BOOLEAN:
                return (s, v) -> AvroBinary.writeBoolean(s, Values.asBoolean(v));
            case INT:
            case DATE:
                return (s, v) -> AvroBinary.writeInt(s, Values.asInt(v));
            case LONG:
            case TIMESTAMP_MILLIS:
            case TIMESTAMP_MICROS:
                return (s, v) -> AvroBinary.writeLong(s, Values.asLong(v));
            case FLOAT:
                return (s, v) -> AvroBinary.writeFloat(s, Values.asFloat(v));
            case DOUBLE:
                return (s, v) -> AvroBinary.writeDouble(s, Values.asDouble(v));
            case STRING:
            case UUID:
                return (s, v) -> AvroBinary.writeString(s, Values.asString(v));
            case BYTES:
                return (s, v) -> AvroBinary.writeBytes(s, Values.bytes(v));
            case FIXED:
                return fixed(schema);
            case ENUM:
                return enumeration(schema);
            case DECIMAL:
                return decimal(schema);
            case ARRAY:
                return array(compile(schema.getElementType()));
            case MAP:
                return map(compile(schema.getValueType()));
            case UNION:
                return union(schema);
            default:
                return record(schema);
        }
    }

    private static ValueWriter fixed(Schema schema) {
        int size = schema.getFixedSize();
        return (s, v) -> {
            byte[] bytes = Values.bytes(v);
            if (bytes.length != size) {
                throw new IllegalArgumentException(
                        "fixed "
                                + schema.getName()
                                + " needs "
                                + size
                                + " bytes, got "
                                + bytes.length);
            }
            s.write(bytes, 0, size);
        };
    }

    private static ValueWriter enumeration(Schema schema) {
        Map<String, Integer> ordinals = new HashMap<>();
        for (String symbol : schema.getEnumSymbols()) {
            ordinals.put(symbol, schema.getEnumOrdinal(symbol));
        }
        return (s, v) -> {
            Integer ordinal = v == null ? null : ordinals.get(v.toString());
            if (ordinal == null) {
                throw new IllegalArgumentException(
                        "'" + v + "' is not a symbol of enum " + schema.getName());
            }
            AvroBinary.writeInt(s, ordinal);
        };
    }

    private static ValueWriter decimal(Schema schema) {
        LogicalTypes.Decimal type = (LogicalTypes.Decimal) schema.getLogicalType();
        boolean isFixed = schema.getType() == Schema.Type.FIXED;
        return (s, v) -> {
            BigDecimal value = Values.decimal(v, type.getScale());
            if (value.precision() > type.getPrecision()) {
                throw new IllegalArgumentException(
                        "decimal " + value + " has more than " + type.getPrecision() + " digits");
            }
            byte[] unscaled = value.unscaledValue().toByteArray();
            if (!isFixed) {
                AvroBinary.writeBytes(s, unscaled);
                return;
            }
            int size = schema.getFixedSize();
            if (unscaled.length > size) {
                throw new IllegalArgumentException(
                        "decimal " + value + " does not fit in " + size + " bytes");
            }
            byte pad = (byte) (value.signum() < 0 ? 0xFF : 0x00);
            for (int i = unscaled.length; i < size; i++) {
                s.write(pad);
            }
            s.write(unscaled, 0, unscaled.length);
        };
    }

    private static ValueWriter array(ValueWriter items) {
        return (s, v) -> {
            if (!(v instanceof Collection)) {
                throw Values.mismatch("array", v);
            }
            Collection<?> list = (Collection<?>) v;
            if (!list.isEmpty()) {
                AvroBinary.writeLong(s, list.size());
                int i = 0;
                for (Object item : list) {
                    try {
                        items.write(s, item);
                    } catch (FieldFailure f) {
                        throw f.atIndex(i);
                    } catch (RuntimeException e) {
                        throw new FieldFailure(e.getMessage()).atIndex(i);
                    }
                    i++;
                }
            }
            AvroBinary.writeLong(s, 0);
        };
    }

    private static ValueWriter map(ValueWriter values) {
        return (s, v) -> {
            if (!(v instanceof Map)) {
                throw Values.mismatch("map", v);
            }
            Map<?, ?> map = (Map<?, ?>) v;
            if (!map.isEmpty()) {
                AvroBinary.writeLong(s, map.size());
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    String key = String.valueOf(e.getKey());
                    AvroBinary.writeString(s, key);
                    try {
                        values.write(s, e.getValue());
                    } catch (FieldFailure f) {
                        throw f.atKey(key);
                    } catch (RuntimeException ex) {
                        throw new FieldFailure(ex.getMessage()).atKey(key);
                    }
                }
            }
            AvroBinary.writeLong(s, 0);
        };
    }

    private ValueWriter union(Schema schema) {
        int nullIndex =
                schema.getIndexNamed(Schema.Type.NULL.getName()) == null
                        ? -1
                        : schema.getIndexNamed(Schema.Type.NULL.getName());
        Schema nonNull = Kind.nullableBranch(schema);
        if (nonNull != null) {
            ValueWriter inner = compile(nonNull);
            int valueIndex = 1 - nullIndex;
            return (s, v) -> {
                if (v == null) {
                    AvroBinary.writeInt(s, nullIndex);
                } else {
                    AvroBinary.writeInt(s, valueIndex);
                    inner.write(s, v);
                }
            };
        }
        ValueWriter[] branches = new ValueWriter[schema.getTypes().size()];
        for (int i = 0; i < branches.length; i++) {
            branches[i] = compile(schema.getTypes().get(i));
        }
        return (s, v) -> {
            int index = Unions.branchIndex(schema, v);
            AvroBinary.writeInt(s, index);
            branches[index].write(s, v);
        };
    }

    private ValueWriter record(Schema schema) {
        RecordWriter existing = records.get(schema);
        if (existing != null) {
            return existing;
        }
        RecordWriter writer = new RecordWriter(schema);
        records.put(schema, writer);
        for (int i = 0; i < writer.writers.length; i++) {
            writer.writers[i] = compile(schema.getFields().get(i).schema());
        }
        return writer;
    }

    /** Writes a record's fields in schema order, by position when the row has this very schema. */
    private static final class RecordWriter implements ValueWriter {
        private final Schema schema;
        private final String[] names;
        private final FieldLayout layout;
        private final ValueWriter[] writers;
        private final Kind[] direct;
        private final int[] nullIndex;

        RecordWriter(Schema schema) {
            this.schema = schema;
            int n = schema.getFields().size();
            this.names = new String[n];
            this.writers = new ValueWriter[n];
            this.direct = new Kind[n];
            this.nullIndex = new int[n];
            for (int i = 0; i < n; i++) {
                Schema type = schema.getFields().get(i).schema();
                names[i] = schema.getFields().get(i).name();
                Schema nonNull = Kind.nullableBranch(type);
                direct[i] = directKind(nonNull == null ? type : nonNull);
                nullIndex[i] =
                        nonNull == null
                                ? -1
                                : type.getTypes().indexOf(Schema.create(Schema.Type.NULL));
            }
            this.layout = new FieldLayout(schema, names);
        }

        /**
         * The kind written inline for common scalars, sparing a megamorphic call; null for others.
         */
        private static Kind directKind(Schema type) {
            switch (Kind.of(type)) {
                case STRING:
                case UUID:
                    return Kind.STRING;
                case INT:
                case DATE:
                    return Kind.INT;
                case LONG:
                case TIMESTAMP_MILLIS:
                case TIMESTAMP_MICROS:
                    return Kind.LONG;
                case DOUBLE:
                    return Kind.DOUBLE;
                default:
                    return null;
            }
        }

        /** Writes the value inline when its kind and Java type allow; false to use the writer. */
        private boolean tryDirect(ByteSink sink, int i, Object v) {
            Kind kind = direct[i];
            if (kind == null) {
                return false;
            }
            int nullAt = nullIndex[i];
            if (v == null) {
                if (nullAt < 0) {
                    return false;
                }
                AvroBinary.writeInt(sink, nullAt);
                return true;
            }
            boolean fits =
                    kind == Kind.STRING && v instanceof String
                            || kind == Kind.LONG && v instanceof Long
                            || kind == Kind.INT && v instanceof Integer
                            || kind == Kind.DOUBLE && v instanceof Double;
            if (!fits) {
                return false;
            }
            if (nullAt >= 0) {
                AvroBinary.writeInt(sink, 1 - nullAt);
            }
            if (kind == Kind.STRING) {
                AvroBinary.writeString(sink, (String) v);
            } else if (kind == Kind.LONG) {
                AvroBinary.writeLong(sink, (Long) v);
            } else if (kind == Kind.INT) {
                AvroBinary.writeInt(sink, (Integer) v);
            } else {
                AvroBinary.writeDouble(sink, (Double) v);
            }
            return true;
        }

        @Override
        public void write(ByteSink sink, Object value) {
            if (!(value instanceof IndexedRecord)) {
                throw Values.mismatch("record " + schema.getName(), value);
            }
            IndexedRecord record = (IndexedRecord) value;
            int[] positions = layout.positions(record.getSchema());
            for (int i = 0; i < writers.length; i++) {
                Object fieldValue = FieldLayout.field(record, positions, i);
                try {
                    if (!tryDirect(sink, i, fieldValue)) {
                        writers[i].write(sink, fieldValue);
                    }
                } catch (FieldFailure f) {
                    throw f.inField(names[i]);
                } catch (RuntimeException e) {
                    throw new FieldFailure(e.getMessage()).inField(names[i]);
                }
            }
        }
    }
}
