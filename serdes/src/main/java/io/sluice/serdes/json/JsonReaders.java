package io.sluice.serdes.json;

import io.sluice.serdes.internal.Kind;
import io.sluice.serdes.internal.TemporalText;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * JSON readers compile an Avro schema once into a tree of {@link ValueReader}s, so that decoding
 * does no schema inspection per record.
 */
final class JsonReaders {

    private final JsonOptions options;
    private final TemporalText temporal;
    private final Map<Schema, RecordReader> records = new IdentityHashMap<>();

    private JsonReaders(JsonOptions options) {
        this.options = options;
        this.temporal = options.temporal();
    }

    /** Compiles the reader for a record schema. */
    static RecordReader forRecord(Schema schema, JsonOptions options) {
        if (schema.getType() != Schema.Type.RECORD) {
            throw new IllegalArgumentException(
                    "a row schema must be a record, got " + schema.getType());
        }
        return (RecordReader) new JsonReaders(options).compile(schema);
    }

    ValueReader compile(Schema schema) {
        Kind kind = Kind.of(schema);
        switch (kind) {
            case RECORD:
                return record(schema);
            case ARRAY:
                return new ContainerReaders.ArrayReader(compile(schema.getElementType()));
            case MAP:
                return new ContainerReaders.MapReader(
                        compile(schema.getValueType()),
                        options.duplicateFields() == JsonOptions.DuplicateFields.REJECT);
            case NULL:
                return new ContainerReaders.NullReader();
            case UNION:
                return union(schema);
            default:
                return ScalarReaders.of(schema, kind, options, temporal);
        }
    }

    private ValueReader record(Schema schema) {
        RecordReader existing = records.get(schema);
        if (existing != null) {
            return existing;
        }
        RecordReader reader =
                new RecordReader(
                        schema,
                        options.strict(),
                        options.duplicateFields() == JsonOptions.DuplicateFields.REJECT);
        records.put(schema, reader);
        reader.compileFields(this);
        return reader;
    }

    private ValueReader union(Schema schema) {
        Schema nonNull = Kind.nullableBranch(schema);
        if (nonNull != null) {
            return new ContainerReaders.NullableReader(compile(nonNull));
        }
        List<ValueReader> branches = new ArrayList<>();
        for (Schema branch : schema.getTypes()) {
            branches.add(compile(branch));
        }
        return new UnionReader(schema, branches, options.numbersAsStrings());
    }
}
