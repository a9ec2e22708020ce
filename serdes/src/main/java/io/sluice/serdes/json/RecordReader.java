package io.sluice.serdes.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.SerializedString;
import io.sluice.serdes.internal.FieldDefaults;
import io.sluice.serdes.internal.FieldFailure;
import io.sluice.serdes.internal.Kind;
import java.io.IOException;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;

/**
 * A record reader reads a JSON object into a new row, writing each value straight into its
 * positional slot.
 *
 * <p>The expected next field (the one after the last, as producers usually keep schema order) is
 * matched against the input bytes with Jackson's {@code nextFieldName(SerializableString)}, which
 * skips the symbol table; any other name falls back to a map lookup. Absent fields get their
 * default, or null when the field is nullable; otherwise the record is rejected.
 *
 * <p>A root reader may skip the values of the fields its pipeline never reads ({@link
 * #readingOnly}): Jackson then neither decodes their strings nor converts their numbers.
 */
final class RecordReader implements ValueReader {

    private final Schema schema;
    private final boolean strict;
    private final boolean rejectDuplicates;
    private final String[] names;
    private final SerializedString[] serializedNames;
    private final Map<String, Integer> positions;
    private final ValueReader[] readers;
    private final Schema.Field[] fields;
    private final FieldDefaults absent;
    private final boolean[] strings;
    private final boolean[] nullable;
    private final long allSeen;
    private final long[] unread; // the bits of the fields skipped, counted as seen; null: none

    RecordReader(Schema schema, boolean strict, boolean rejectDuplicates) {
        this.schema = schema;
        this.strict = strict;
        this.rejectDuplicates = rejectDuplicates;
        List<Schema.Field> list = schema.getFields();
        int n = list.size();
        this.names = new String[n];
        this.serializedNames = new SerializedString[n];
        this.readers = new ValueReader[n];
        this.fields = list.toArray(new Schema.Field[0]);
        this.absent = new FieldDefaults(schema);
        this.strings = new boolean[n];
        this.nullable = new boolean[n];
        this.positions = new HashMap<>();
        for (int i = 0; i < n; i++) {
            Schema type = list.get(i).schema();
            Schema nonNull = Kind.nullableBranch(type);
            if (Kind.of(nonNull == null ? type : nonNull) == Kind.STRING) {
                strings[i] = true;
            }
            nullable[i] = absent.nullable(i);
            names[i] = list.get(i).name();
            serializedNames[i] = new SerializedString(names[i]);
            positions.put(names[i], i);
        }
        this.allSeen = n >= 64 ? -1L : (1L << n) - 1;
        this.unread = null;
    }

    /** A reader of the same fields, with the same field readers, that skips {@code unread}. */
    private RecordReader(RecordReader all, long[] unread) {
        this.schema = all.schema;
        this.strict = all.strict;
        this.rejectDuplicates = all.rejectDuplicates;
        this.names = all.names;
        this.serializedNames = all.serializedNames;
        this.positions = all.positions;
        this.readers = all.readers;
        this.fields = all.fields;
        this.absent = all.absent;
        this.strings = all.strings;
        this.nullable = all.nullable;
        this.allSeen = all.allSeen;
        this.unread = unread;
    }

    /**
     * This reader for the fields at the positions set in {@code read} only: the others stay null,
     * unchecked, and an absent one is not missed. A new reader, as nested occurrences of this
     * record's schema (a recursive schema) must still read every field.
     */
    RecordReader readingOnly(BitSet read) {
        int n = fields.length;
        if (read.nextClearBit(0) >= n) {
            return this;
        }
        long[] bits = new long[Math.max(1, (n + 63) >>> 6)];
        for (int i = read.nextClearBit(0); i < n; i = read.nextClearBit(i + 1)) {
            bits[i >>> 6] |= 1L << i;
        }
        return new RecordReader(this, bits);
    }

    /**
     * Sets the field readers; separate from construction so that recursive schemas can refer back.
     */
    void compileFields(JsonReaders compiler) {
        for (int i = 0; i < fields.length; i++) {
            readers[i] = compiler.compile(fields[i].schema());
        }
    }

    @Override
    public Object read(JsonParser parser, JsonToken token) throws IOException {
        if (token != JsonToken.START_OBJECT) {
            throw ValueReader.mismatch("object", parser, token);
        }
        GenericData.Record row = new GenericData.Record(schema);
        int n = names.length;
        long seen = 0;
        long[] seenWide = n > 64 ? new long[(n + 63) >>> 6] : null;
        int expected = 0;
        while (true) {
            int pos;
            if (expected < n && parser.nextFieldName(serializedNames[expected])) {
                pos = expected;
            } else {
                JsonToken t = expected < n ? parser.currentToken() : parser.nextToken();
                if (t != JsonToken.FIELD_NAME) {
                    break;
                }
                String name = parser.currentName();
                pos = positionOf(name);
                if (pos < 0) {
                    skipUnknown(parser, name);
                    continue;
                }
            }
            if (unread != null && (unread[pos >>> 6] & (1L << pos)) != 0) {
                parser.nextToken();
                parser.skipChildren();
                expected = pos + 1;
                continue;
            }
            // the bit of a field read before: a repeated name, which the reader otherwise
            // resolves by keeping the last value (one test per field; measured as noise)
            if (rejectDuplicates
                    && (seenWide == null
                            ? (seen & (1L << pos)) != 0
                            : (seenWide[pos >>> 6] & (1L << pos)) != 0)) {
                throw new FieldFailure(duplicate(names[pos])).inField(names[pos]);
            }
            JsonToken valueToken = parser.nextToken();
            try {
                row.put(pos, readValue(parser, valueToken, pos));
            } catch (FieldFailure f) {
                throw f.inField(names[pos]);
            }
            if (seenWide == null) {
                seen |= 1L << pos;
            } else {
                seenWide[pos >>> 6] |= 1L << pos;
            }
            expected = pos + 1;
        }
        if (parser.currentToken() != JsonToken.END_OBJECT) {
            throw ValueReader.mismatch("field name or '}'", parser, parser.currentToken());
        }
        if (unread != null) {
            if (seenWide != null) {
                for (int i = 0; i < seenWide.length; i++) {
                    seenWide[i] |= unread[i];
                }
            } else {
                seen |= unread[0];
            }
        }
        if (seenWide != null) {
            absent.fillAbsent(row, seenWide);
        } else if (seen != allSeen) {
            absent.fillAbsent(row, new long[] {seen});
        }
        return row;
    }

    /**
     * Reads a field's value; strings and nulls, the commonest values, are read here rather than
     * through the field's reader, sparing a megamorphic call per field.
     */
    private Object readValue(JsonParser parser, JsonToken token, int pos) throws IOException {
        if (token == JsonToken.VALUE_STRING && strings[pos]) {
            return parser.getText();
        }
        if (token == JsonToken.VALUE_NULL && nullable[pos]) {
            return null;
        }
        return readers[pos].read(parser, token);
    }

    /** The reason of a record or map that names {@code name} twice. */
    static String duplicate(String name) {
        return "duplicate field name '"
                + name
                + "' (the json option duplicateFields: last keeps the last value)";
    }

    private int positionOf(String name) {
        Integer pos = positions.get(name);
        return pos == null ? -1 : pos;
    }

    private void skipUnknown(JsonParser parser, String name) throws IOException {
        if (strict) {
            throw new FieldFailure("unknown field '" + name + "' in strict mode");
        }
        parser.nextToken();
        parser.skipChildren();
    }
}
