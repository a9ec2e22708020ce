package io.sluice.processor.join;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * A static table is reference data read once at start (Structured Streaming's stream-static join):
 * its rows in memory, by the text of a key column. A key may hold several rows; a stream row joins
 * each of them, as a join with a static dataset does. Rows with a null key never match.
 */
public final class StaticTable implements TableLookup {
    private final String source;
    private final Schema schema;
    private final String keyColumn;
    private final Map<String, List<GenericRecord>> rows;
    private final long size;

    private StaticTable(
            String source,
            Schema schema,
            String keyColumn,
            Map<String, List<GenericRecord>> rows,
            long size) {
        this.source = source;
        this.schema = schema;
        this.keyColumn = keyColumn;
        this.rows = rows;
        this.size = size;
    }

    /**
     * A table of {@code rows}, keyed by the text of column {@code keyColumn}.
     *
     * @param source where the rows came from, for plans
     */
    public static StaticTable of(
            String source, Schema schema, String keyColumn, List<GenericRecord> rows) {
        Schema.Field key = schema.getField(keyColumn);
        if (key == null) {
            throw new IllegalArgumentException(
                    String.format("column '%s' is not in %s", keyColumn, schema.getFullName()));
        }
        Map<String, List<GenericRecord>> byKey = new HashMap<>();
        for (GenericRecord row : rows) {
            Object value = row.get(key.pos());
            if (value != null) {
                byKey.computeIfAbsent(KeyText.of(value), k -> new ArrayList<>(1)).add(row);
            }
        }
        byKey.replaceAll((k, list) -> List.copyOf(list));
        return new StaticTable(
                Objects.requireNonNull(source), schema, keyColumn, byKey, rows.size());
    }

    @Override
    public Schema schema() {
        return schema;
    }

    @Override
    public List<GenericRecord> rows(String key, long atMs) {
        return rows.getOrDefault(key, List.of());
    }

    /** The column whose text rows are found by. */
    public String keyColumn() {
        return keyColumn;
    }

    /** The number of rows. */
    public long size() {
        return size;
    }

    @Override
    public String describe() {
        return "file " + source + " (" + size + (size == 1 ? " row)" : " rows)");
    }
}
