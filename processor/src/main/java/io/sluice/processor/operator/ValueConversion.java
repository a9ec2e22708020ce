package io.sluice.processor.operator;

import io.sluice.serdes.Rows;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.IndexedRecord;

/**
 * A value conversion turns values of a writer schema into values of a reader schema, following
 * Avro's schema resolution: fields matched by name (missing ones take the reader's default),
 * numeric promotions, string and bytes, unions resolved by the value's branch.
 *
 * <p>Conversions are built once per schema pair; converting a value allocates only the values that
 * differ (records, lists and maps whose contents change).
 */
final class ValueConversion {

    /** Converts one value; values are in the row conventions of {@link Rows}. */
    @FunctionalInterface
    interface Converter {
        Object convert(Object value);
    }

    /** The conversion between equal schemas. */
    static final Converter IDENTITY = value -> value;

    private ValueConversion() {}

    /**
     * The conversion of values of {@code writer} into values of {@code reader}.
     *
     * @throws IllegalArgumentException when Avro cannot resolve the writer to the reader
     */
    static Converter of(Schema writer, Schema reader) {
        if (writer.equals(reader)) {
            return IDENTITY;
        }
        if (writer.getType() == Schema.Type.UNION) {
            return fromUnion(writer, reader);
        }
        if (reader.getType() == Schema.Type.UNION) {
            return of(writer, branchFor(writer, reader));
        }
        switch (reader.getType()) {
            case RECORD:
                return record(writer, reader);
            case ARRAY:
                return array(writer, reader);
            case MAP:
                return map(writer, reader);
            case ENUM:
                return enumeration(writer, reader);
            case FIXED:
                return value -> new GenericData.Fixed(reader, ((GenericFixed) value).bytes());
            default:
                return primitive(writer, reader);
        }
    }

    private static Converter fromUnion(Schema writer, Schema reader) {
        List<Schema> branches = writer.getTypes();
        Converter[] converters = new Converter[branches.size()];
        boolean allIdentity = true;
        for (int i = 0; i < converters.length; i++) {
            converters[i] = of(branches.get(i), reader);
            allIdentity &= converters[i] == IDENTITY;
        }
        if (allIdentity) {
            return IDENTITY;
        }
        GenericData data = Rows.genericData();
        return value -> converters[data.resolveUnion(writer, value)].convert(value);
    }

    /**
     * Avro's choice of reader branch: the first of the same type and name, else the first that
     * resolves.
     */
    private static Schema branchFor(Schema writer, Schema readerUnion) {
        for (Schema branch : readerUnion.getTypes()) {
            if (branch.getType() == writer.getType()
                    && (!isNamed(branch) || branch.getFullName().equals(writer.getFullName()))) {
                return branch;
            }
        }
        for (Schema branch : readerUnion.getTypes()) {
            if (SchemaCompatibility.checkReaderWriterCompatibility(branch, writer).getType()
                    == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
                return branch;
            }
        }
        throw incompatible(writer, readerUnion);
    }

    private static boolean isNamed(Schema schema) {
        Schema.Type type = schema.getType();
        return type == Schema.Type.RECORD || type == Schema.Type.ENUM || type == Schema.Type.FIXED;
    }

    private static Converter record(Schema writer, Schema reader) {
        if (writer.getType() != Schema.Type.RECORD) {
            throw incompatible(writer, reader);
        }
        List<Schema.Field> fields = reader.getFields();
        int[] writerPositions = new int[fields.size()];
        Converter[] converters = new Converter[fields.size()];
        Object[] defaults = new Object[fields.size()];
        for (Schema.Field field : fields) {
            Schema.Field source = writer.getField(field.name());
            if (source == null) {
                if (!field.hasDefaultValue()) {
                    throw new IllegalArgumentException(
                            "field '"
                                    + field.name()
                                    + "' of "
                                    + reader.getFullName()
                                    + " has no value and no default");
                }
                writerPositions[field.pos()] = -1;
                defaults[field.pos()] = Rows.defaultValue(field);
            } else {
                writerPositions[field.pos()] = source.pos();
                converters[field.pos()] = of(source.schema(), field.schema());
            }
        }
        return value -> {
            IndexedRecord in = (IndexedRecord) value;
            GenericData.Record out = new GenericData.Record(reader);
            for (int i = 0; i < writerPositions.length; i++) {
                out.put(
                        i,
                        writerPositions[i] >= 0
                                ? converters[i].convert(in.get(writerPositions[i]))
                                : defaultValue(fields.get(i), defaults[i]));
            }
            return out;
        };
    }

    private static Object defaultValue(Schema.Field field, Object shared) {
        // mutable defaults (lists, maps, records) are copied so rows never share them
        return Rows.isImmutable(shared) ? shared : Rows.defaultValue(field);
    }

    private static Converter array(Schema writer, Schema reader) {
        if (writer.getType() != Schema.Type.ARRAY) {
            throw incompatible(writer, reader);
        }
        Converter element = of(writer.getElementType(), reader.getElementType());
        if (element == IDENTITY) {
            return IDENTITY;
        }
        return value -> {
            List<?> in = (List<?>) value;
            List<Object> out = new ArrayList<>(in.size());
            for (Object item : in) {
                out.add(element.convert(item));
            }
            return out;
        };
    }

    private static Converter map(Schema writer, Schema reader) {
        if (writer.getType() != Schema.Type.MAP) {
            throw incompatible(writer, reader);
        }
        Converter values = of(writer.getValueType(), reader.getValueType());
        if (values == IDENTITY) {
            return IDENTITY;
        }
        return value -> {
            Map<?, ?> in = (Map<?, ?>) value;
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> entry : in.entrySet()) {
                out.put(entry.getKey().toString(), values.convert(entry.getValue()));
            }
            return out;
        };
    }

    private static Converter enumeration(Schema writer, Schema reader) {
        if (writer.getType() != Schema.Type.ENUM) {
            throw incompatible(writer, reader);
        }
        return value -> {
            String symbol = value.toString();
            return new GenericData.EnumSymbol(
                    reader, reader.hasEnumSymbol(symbol) ? symbol : reader.getEnumDefault());
        };
    }

    private static Converter primitive(Schema writer, Schema reader) {
        Schema.Type from = writer.getType();
        Schema.Type to = reader.getType();
        if (from == to) {
            return IDENTITY; // the same representation; logical types may differ in name only
        }
        if (to == Schema.Type.LONG && from == Schema.Type.INT) {
            return value -> ((Integer) value).longValue();
        }
        if (to == Schema.Type.FLOAT && (from == Schema.Type.INT || from == Schema.Type.LONG)) {
            return value -> ((Number) value).floatValue();
        }
        if (to == Schema.Type.DOUBLE
                && (from == Schema.Type.INT
                        || from == Schema.Type.LONG
                        || from == Schema.Type.FLOAT)) {
            return value -> ((Number) value).doubleValue();
        }
        if (to == Schema.Type.BYTES && from == Schema.Type.STRING) {
            return value -> ByteBuffer.wrap(value.toString().getBytes(StandardCharsets.UTF_8));
        }
        if (to == Schema.Type.STRING && from == Schema.Type.BYTES) {
            return value ->
                    StandardCharsets.UTF_8.decode(((ByteBuffer) value).duplicate()).toString();
        }
        throw incompatible(writer, reader);
    }

    private static IllegalArgumentException incompatible(Schema writer, Schema reader) {
        return new IllegalArgumentException("values of " + writer + " cannot be read as " + reader);
    }
}
