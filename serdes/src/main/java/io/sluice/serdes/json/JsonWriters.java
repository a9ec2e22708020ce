package io.sluice.serdes.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import io.sluice.serdes.internal.FieldFailure;
import io.sluice.serdes.internal.FieldLayout;
import io.sluice.serdes.internal.Kind;
import io.sluice.serdes.internal.TemporalText;
import io.sluice.serdes.internal.Unions;
import io.sluice.serdes.internal.Values;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;

/**
 * JSON writers compile an Avro schema once into a tree of value writers that write row values to a
 * Jackson generator: unions as their bare value, bytes and fixed as base64, decimals as numbers,
 * timestamps and dates as numbers or, when a pattern is configured, as text.
 */
final class JsonWriters {

    /** Writes one value of a fixed schema. */
    interface ValueWriter {
        void write(JsonGenerator generator, Object value) throws IOException;
    }

    private final TemporalText temporal;
    private final Map<Schema, RecordWriter> records = new IdentityHashMap<>();

    private JsonWriters(JsonOptions options) {
        this.temporal = options.temporal();
    }

    static ValueWriter forRecord(Schema schema, JsonOptions options) {
        if (schema.getType() != Schema.Type.RECORD) {
            throw new IllegalArgumentException(
                    "a row schema must be a record, got " + schema.getType());
        }
        return new JsonWriters(options).compile(schema);
    }

    private ValueWriter compile(Schema schema) {
        Kind kind = Kind.of(schema);
        switch (kind) {
            case NULL:
                return (g, v) -> {
                    if (v != null) {
                        throw Values.mismatch("null", v);
                    }
                    g.writeNull();
                };
            case BOOLEAN:
                return (g, v) -> g.writeBoolean(Values.asBoolean(v));
            case INT:
                return (g, v) -> g.writeNumber(Values.asInt(v));
            case LONG:
                return (g, v) -> g.writeNumber(Values.asLong(v));
            case FLOAT:
                return (g, v) -> g.writeNumber(Values.asFloat(v));
            case DOUBLE:
                return (g, v) -> g.writeNumber(Values.asDouble(v));
            case STRING:
            case UUID:
                return (g, v) -> g.writeString(Values.asString(v));
            case ENUM:
                return (g, v) -> g.writeString(enumSymbol(schema, v));
            case BYTES:
            case FIXED:
                return (g, v) -> g.writeBinary(Values.bytes(v));
            case DECIMAL:
                int scale = ((LogicalTypes.Decimal) schema.getLogicalType()).getScale();
                return (g, v) -> g.writeNumber(Values.decimal(v, scale));
            case TIMESTAMP_MILLIS:
                return temporal.writesTimestampText()
                        ? (g, v) -> g.writeString(temporal.formatMillis(Values.asLong(v)))
                        : (g, v) -> g.writeNumber(Values.asLong(v));
            case TIMESTAMP_MICROS:
                return temporal.writesTimestampText()
                        ? (g, v) -> g.writeString(temporal.formatMicros(Values.asLong(v)))
                        : (g, v) -> g.writeNumber(Values.asLong(v));
            case DATE:
                return temporal.writesDateText()
                        ? (g, v) -> g.writeString(temporal.formatDays(Values.asInt(v)))
                        : (g, v) -> g.writeNumber(Values.asInt(v));
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

    private static String enumSymbol(Schema schema, Object value) {
        String symbol = value == null ? null : value.toString();
        if (symbol == null || !schema.hasEnumSymbol(symbol)) {
            throw new IllegalArgumentException(
                    "'" + symbol + "' is not a symbol of enum " + schema.getName());
        }
        return symbol;
    }

    private static ValueWriter array(ValueWriter items) {
        return (g, v) -> {
            if (!(v instanceof Collection)) {
                throw Values.mismatch("array", v);
            }
            g.writeStartArray();
            int i = 0;
            for (Object item : (Collection<?>) v) {
                try {
                    items.write(g, item);
                } catch (FieldFailure f) {
                    throw f.atIndex(i);
                } catch (RuntimeException e) {
                    throw new FieldFailure(e.getMessage()).atIndex(i);
                }
                i++;
            }
            g.writeEndArray();
        };
    }

    private static ValueWriter map(ValueWriter values) {
        return (g, v) -> {
            if (!(v instanceof Map)) {
                throw Values.mismatch("map", v);
            }
            g.writeStartObject();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                String key = String.valueOf(e.getKey());
                g.writeFieldName(key);
                try {
                    values.write(g, e.getValue());
                } catch (FieldFailure f) {
                    throw f.atKey(key);
                } catch (RuntimeException ex) {
                    throw new FieldFailure(ex.getMessage()).atKey(key);
                }
            }
            g.writeEndObject();
        };
    }

    private ValueWriter union(Schema schema) {
        Schema nonNull = Kind.nullableBranch(schema);
        if (nonNull != null) {
            ValueWriter inner = compile(nonNull);
            return (g, v) -> {
                if (v == null) {
                    g.writeNull();
                } else {
                    inner.write(g, v);
                }
            };
        }
        List<ValueWriter> branches = new ArrayList<>();
        for (Schema branch : schema.getTypes()) {
            branches.add(compile(branch));
        }
        return (g, v) -> branches.get(Unions.branchIndex(schema, v)).write(g, v);
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

    /**
     * Writes a record's fields in schema order, reading by position when the row has this schema.
     */
    private static final class RecordWriter implements ValueWriter {
        private final Schema schema;
        private final String[] names;
        private final FieldLayout layout;
        private final SerializedString[] serializedNames;
        private final ValueWriter[] writers;

        RecordWriter(Schema schema) {
            this.schema = schema;
            int n = schema.getFields().size();
            this.names = new String[n];
            this.serializedNames = new SerializedString[n];
            this.writers = new ValueWriter[n];
            for (int i = 0; i < n; i++) {
                names[i] = schema.getFields().get(i).name();
                serializedNames[i] = new SerializedString(names[i]);
            }
            this.layout = new FieldLayout(schema, names);
        }

        @Override
        public void write(JsonGenerator g, Object value) throws IOException {
            if (!(value instanceof IndexedRecord)) {
                throw Values.mismatch("record " + schema.getName(), value);
            }
            IndexedRecord record = (IndexedRecord) value;
            int[] positions = layout.positions(record.getSchema());
            g.writeStartObject();
            for (int i = 0; i < writers.length; i++) {
                Object fieldValue = FieldLayout.field(record, positions, i);
                g.writeFieldName(serializedNames[i]);
                try {
                    writers[i].write(g, fieldValue);
                } catch (FieldFailure f) {
                    throw f.inField(names[i]);
                } catch (RuntimeException e) {
                    throw new FieldFailure(e.getMessage()).inField(names[i]);
                }
            }
            g.writeEndObject();
        }
    }
}
