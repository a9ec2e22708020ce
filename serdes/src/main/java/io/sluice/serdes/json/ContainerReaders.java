package io.sluice.serdes.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.sluice.serdes.internal.FieldFailure;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Container readers read JSON arrays, objects as maps, and nullable values. */
final class ContainerReaders {

    private ContainerReaders() {}

    /** Reads a JSON array into a List. */
    static final class ArrayReader implements ValueReader {
        private final ValueReader items;

        ArrayReader(ValueReader items) {
            this.items = items;
        }

        @Override
        public Object read(JsonParser parser, JsonToken token) throws IOException {
            if (token != JsonToken.START_ARRAY) {
                throw ValueReader.mismatch("array", parser, token);
            }
            List<Object> list = new ArrayList<>();
            JsonToken t;
            while ((t = parser.nextToken()) != JsonToken.END_ARRAY) {
                try {
                    list.add(items.read(parser, t));
                } catch (FieldFailure f) {
                    throw f.atIndex(list.size());
                }
            }
            return list;
        }
    }

    /** Reads a JSON object into a Map with String keys, keeping the input order. */
    static final class MapReader implements ValueReader {
        private final ValueReader values;
        private final boolean rejectDuplicates;

        MapReader(ValueReader values, boolean rejectDuplicates) {
            this.values = values;
            this.rejectDuplicates = rejectDuplicates;
        }

        @Override
        public Object read(JsonParser parser, JsonToken token) throws IOException {
            if (token != JsonToken.START_OBJECT) {
                throw ValueReader.mismatch("object", parser, token);
            }
            Map<String, Object> map = new LinkedHashMap<>();
            String key;
            while ((key = parser.nextFieldName()) != null) {
                if (rejectDuplicates && map.containsKey(key)) {
                    throw new FieldFailure(RecordReader.duplicate(key)).atKey(key);
                }
                try {
                    map.put(key, values.read(parser, parser.nextToken()));
                } catch (FieldFailure f) {
                    throw f.atKey(key);
                }
            }
            return map;
        }
    }

    /** Reads null, or else the one non-null branch of a {@code [null, T]} union. */
    static final class NullableReader implements ValueReader {
        private final ValueReader value;

        NullableReader(ValueReader value) {
            this.value = value;
        }

        @Override
        public Object read(JsonParser parser, JsonToken token) throws IOException {
            return token == JsonToken.VALUE_NULL ? null : value.read(parser, token);
        }
    }

    /** Reads only null. */
    static final class NullReader implements ValueReader {
        @Override
        public Object read(JsonParser parser, JsonToken token) throws IOException {
            if (token != JsonToken.VALUE_NULL) {
                throw ValueReader.mismatch("null", parser, token);
            }
            return null;
        }
    }
}
