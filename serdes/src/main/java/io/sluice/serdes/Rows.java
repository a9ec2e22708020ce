package io.sluice.serdes;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Conversions;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.util.Utf8;

/**
 * Rows holds the conventions for values inside a row, and helpers that keep to them.
 *
 * <p>A row is a {@link GenericData.Record}: a schema and a positional {@code Object[]}. Every codec
 * produces, and every encoder accepts, values of these Java types:
 *
 * <table>
 *   <caption>Row value types</caption>
 *   <tr><th>Avro type</th><th>Java value</th></tr>
 *   <tr><td>null</td><td>{@code null}</td></tr>
 *   <tr><td>boolean, int, long, float, double</td><td>Boolean, Integer, Long, Float, Double</td></tr>
 *   <tr><td>string (and logical uuid)</td><td>{@link String}, never {@link Utf8}</td></tr>
 *   <tr><td>bytes</td><td>{@link ByteBuffer}</td></tr>
 *   <tr><td>fixed</td><td>{@link org.apache.avro.generic.GenericFixed}</td></tr>
 *   <tr><td>enum</td><td>{@link GenericData.EnumSymbol}</td></tr>
 *   <tr><td>array</td><td>{@link List}</td></tr>
 *   <tr><td>map</td><td>{@code Map<String, Object>}</td></tr>
 *   <tr><td>record</td><td>{@link GenericData.Record}</td></tr>
 *   <tr><td>timestamp-millis, timestamp-micros</td><td>Long epoch milliseconds, microseconds (UTC)</td></tr>
 *   <tr><td>date</td><td>Integer days since 1970-01-01</td></tr>
 *   <tr><td>decimal</td><td>{@link java.math.BigDecimal} at the schema's scale</td></tr>
 * </table>
 *
 * <p>Encoders also accept lossless widenings (an Integer in a long field, a Utf8 or other
 * CharSequence in a string field, a byte[] for bytes), so rows built by hand need not be exact.
 */
public final class Rows {

    private static final GenericData DATA = newGenericData();

    private Rows() {}

    /** The GenericData the codecs use: generic records with decimals as BigDecimal. */
    public static GenericData genericData() {
        return DATA;
    }

    private static GenericData newGenericData() {
        GenericData data = new GenericData();
        data.addLogicalTypeConversion(new Conversions.DecimalConversion());
        // Avro's fast reader bypasses the datum reader's hooks that produce Strings and field
        // paths.
        data.setFastReaderEnabled(false);
        return data;
    }

    /**
     * The default value of a field in row conventions, or null when the field has none.
     *
     * <p>Mutable defaults (lists, maps, records, bytes) are fresh copies on every call.
     */
    public static Object defaultValue(Schema.Field field) {
        if (!field.hasDefaultValue()) {
            return null;
        }
        return normalize(DATA.getDefaultValue(field));
    }

    /** Whether a default value is immutable and so may be shared between rows. */
    public static boolean isImmutable(Object value) {
        return value == null
                || value instanceof String
                || value instanceof Number
                || value instanceof Boolean
                || value instanceof GenericData.EnumSymbol;
    }

    /**
     * A value in row conventions: {@link Utf8} and other CharSequences become Strings, recursively
     * through lists, maps and records. Other values are returned as they are.
     */
    public static Object normalize(Object value) {
        if (value instanceof CharSequence && !(value instanceof String)) {
            return value.toString();
        }
        if (value instanceof Collection) {
            Collection<?> items = (Collection<?>) value;
            List<Object> copy = new ArrayList<>(items.size());
            for (Object item : items) {
                copy.add(normalize(item));
            }
            return copy;
        }
        if (value instanceof Map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                copy.put(e.getKey().toString(), normalize(e.getValue()));
            }
            return copy;
        }
        if (value instanceof IndexedRecord) {
            IndexedRecord record = (IndexedRecord) value;
            GenericData.Record copy = new GenericData.Record(record.getSchema());
            for (int i = 0; i < record.getSchema().getFields().size(); i++) {
                copy.put(i, normalize(record.get(i)));
            }
            return copy;
        }
        if (value instanceof ByteBuffer) {
            return ((ByteBuffer) value).duplicate();
        }
        return value;
    }
}
