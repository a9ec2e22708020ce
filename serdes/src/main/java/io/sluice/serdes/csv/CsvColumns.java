package io.sluice.serdes.csv;

import io.sluice.serdes.internal.FieldFailure;
import io.sluice.serdes.internal.Kind;
import io.sluice.serdes.internal.ScalarReader;
import io.sluice.serdes.internal.ScalarWriter;
import io.sluice.serdes.internal.TemporalText;
import io.sluice.serdes.internal.TextScalars;
import io.sluice.serdes.internal.Unions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * CSV columns hold, for a flat row schema, the text reader and writer of each field and the mapping
 * from column names to field positions.
 */
final class CsvColumns {

    private final Schema schema;
    private final Map<String, Integer> positions = new HashMap<>();
    private final ScalarReader[] readers;
    private final ScalarWriter[] writers;

    CsvColumns(Schema schema, TemporalText temporal) {
        if (schema.getType() != Schema.Type.RECORD) {
            throw new IllegalArgumentException(
                    "a row schema must be a record, got " + schema.getType());
        }
        this.schema = schema;
        List<Schema.Field> fields = schema.getFields();
        readers = new ScalarReader[fields.size()];
        writers = new ScalarWriter[fields.size()];
        for (Schema.Field field : fields) {
            positions.put(field.name(), field.pos());
            readers[field.pos()] = reader(field, field.schema(), temporal);
            writers[field.pos()] = writer(field, field.schema(), temporal);
        }
    }

    private static ScalarReader reader(Schema.Field field, Schema schema, TemporalText temporal) {
        if (schema.getType() != Schema.Type.UNION) {
            return TextScalars.reader(flat(field, schema), temporal);
        }
        List<ScalarReader> branches = new ArrayList<>();
        for (Schema branch : schema.getTypes()) {
            if (branch.getType() != Schema.Type.NULL) {
                branches.add(TextScalars.reader(flat(field, branch), temporal));
            }
        }
        if (branches.size() == 1) {
            return branches.get(0);
        }
        return text -> {
            FieldFailure last = null;
            for (ScalarReader branch : branches) {
                try {
                    return branch.read(text);
                } catch (FieldFailure f) {
                    last = f;
                }
            }
            throw last;
        };
    }

    private static ScalarWriter writer(Schema.Field field, Schema schema, TemporalText temporal) {
        if (schema.getType() != Schema.Type.UNION) {
            return TextScalars.writer(flat(field, schema), temporal);
        }
        ScalarWriter[] branches = new ScalarWriter[schema.getTypes().size()];
        for (int i = 0; i < branches.length; i++) {
            Schema branch = schema.getTypes().get(i);
            branches[i] =
                    branch.getType() == Schema.Type.NULL
                            ? v -> ""
                            : TextScalars.writer(flat(field, branch), temporal);
        }
        return value -> branches[Unions.branchIndex(schema, value)].write(value);
    }

    private static Schema flat(Schema.Field field, Schema schema) {
        Kind kind = Kind.of(schema);
        if (kind.isComplex() || kind == Kind.NULL) {
            throw new IllegalArgumentException(
                    "CSV cannot hold field '"
                            + field.name()
                            + "' of type "
                            + kind.label()
                            + "; CSV rows are flat: use scalar fields or nullable scalars");
        }
        return schema;
    }

    int size() {
        return readers.length;
    }

    String name(int position) {
        return schema.getFields().get(position).name();
    }

    ScalarReader reader(int position) {
        return readers[position];
    }

    ScalarWriter writer(int position) {
        return writers[position];
    }

    /** The field position of each column, -1 for a column the schema does not name. */
    int[] mapping(List<String> columns, boolean strict) {
        int[] mapping = new int[columns.size()];
        for (int i = 0; i < mapping.length; i++) {
            Integer pos = positions.get(columns.get(i));
            if (pos == null && strict) {
                throw new FieldFailure("unknown column '" + columns.get(i) + "' in strict mode");
            }
            mapping[i] = pos == null ? -1 : pos;
        }
        return mapping;
    }

    /** The field names in schema order, the default columns. */
    List<String> schemaOrder() {
        List<String> names = new ArrayList<>();
        for (Schema.Field field : schema.getFields()) {
            names.add(field.name());
        }
        return names;
    }
}
