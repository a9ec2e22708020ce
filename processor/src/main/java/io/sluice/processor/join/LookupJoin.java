package io.sluice.processor.join;

import io.sluice.processor.RowCollector;
import io.sluice.processor.RowOperator;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.JsonProperties;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * A lookup join joins each stream row with the rows a table holds under the row's key column: the
 * stream's columns, then the table's (all but its key column, or those named), one output row per
 * match. A row without a match (or with a null key) comes out with null table columns in a left
 * join, and not at all in an inner one.
 *
 * <p>The table's columns are nullable in a left join's output. Output rows are new records; the
 * stream row's values are shared, not copied.
 */
public final class LookupJoin implements RowOperator {
    private final Schema schema;
    private final TableLookup table;
    private final JoinType type;
    private final int keyPosition;
    private final String keyColumn;
    private final int atPosition; // -1: no event-time column, the table's latest rows
    private final String atColumn; // null when atPosition is -1
    private final int streamWidth;
    private final int[] tablePositions;

    private LookupJoin(
            Schema schema,
            TableLookup table,
            JoinType type,
            Schema.Field key,
            Schema.Field at,
            int streamWidth,
            int[] tablePositions) {
        this.schema = schema;
        this.table = table;
        this.type = type;
        this.keyPosition = key.pos();
        this.keyColumn = key.name();
        this.atPosition = at == null ? -1 : at.pos();
        this.atColumn = at == null ? null : at.name();
        this.streamWidth = streamWidth;
        this.tablePositions = tablePositions;
    }

    /**
     * A join of rows of {@code stream} with {@code table}.
     *
     * @param keyColumn the stream column whose text is looked up
     * @param tableKeyColumn the table's column that holds the key, left out of the output; null
     *     when the key is not a column (a Kafka table's record key)
     * @param columns the table columns to add, in order; empty for all but the key column
     * @param atColumn the stream's event-time column (a long of epoch milliseconds) a versioned
     *     table is read at; null for the latest rows
     * @param recordName the name of the output record
     * @throws IllegalArgumentException when a column is missing, or the output would hold a column
     *     twice; the message names it and the way out
     */
    public static LookupJoin of(
            Schema stream,
            TableLookup table,
            JoinType type,
            String keyColumn,
            String tableKeyColumn,
            List<String> columns,
            String atColumn,
            String recordName) {
        Schema.Field key = stream.getField(keyColumn);
        if (key == null) {
            throw new IllegalArgumentException(
                    String.format("the stream has no column '%s'", keyColumn));
        }
        Schema tableSchema = table.schema();
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field field : stream.getFields()) {
            fields.add(new Schema.Field(field, field.schema()));
        }
        List<Schema.Field> added = tableColumns(tableSchema, tableKeyColumn, columns);
        Set<String> streamNames = names(stream);
        int[] positions = new int[added.size()];
        for (int i = 0; i < added.size(); i++) {
            Schema.Field field = added.get(i);
            if (streamNames.contains(field.name())) {
                throw new IllegalArgumentException(
                        String.format(
                                "column '%s' is in the stream and in the table; drop or rename it"
                                        + " on the stream's side first, or list the table"
                                        + " columns to add under columns",
                                field.name()));
            }
            positions[i] = field.pos();
            fields.add(type == JoinType.LEFT ? nullable(field) : copy(field));
        }
        Schema.Field at = null;
        if (atColumn != null) {
            Schema.Field time = stream.getField(atColumn);
            if (time == null) {
                throw new IllegalArgumentException(
                        String.format("the stream has no column '%s' of event time", atColumn));
            }
            if (!isEpochMillis(time.schema())) {
                throw new IllegalArgumentException(
                        String.format(
                                "column '%s' is %s; expected a non-null long (epoch milliseconds)"
                                        + " or timestamp-millis column of event time",
                                atColumn, typeName(time.schema())));
            }
            at = time;
        }
        Schema schema = Schema.createRecord(recordName, null, null, false, fields);
        return new LookupJoin(schema, table, type, key, at, stream.getFields().size(), positions);
    }

    @Override
    public Schema outputSchema() {
        return schema;
    }

    /** The table it looks rows up in. */
    public TableLookup table() {
        return table;
    }

    /** Which stream rows come out without a match. */
    public JoinType type() {
        return type;
    }

    /** The stream column whose text is looked up. */
    public String keyColumn() {
        return keyColumn;
    }

    /** The stream's event-time column a versioned table is read at; empty for the latest rows. */
    public Optional<String> atColumn() {
        return Optional.ofNullable(atColumn);
    }

    /** The names of the table columns it adds after the stream's, in order. */
    public List<String> addedColumns() {
        List<String> names = new ArrayList<>(tablePositions.length);
        for (int i = 0; i < tablePositions.length; i++) {
            names.add(schema.getFields().get(streamWidth + i).name());
        }
        return names;
    }

    @Override
    public void process(GenericRecord row, RowCollector out) {
        Object key = row.get(keyPosition);
        List<GenericRecord> matches =
                key == null
                        ? List.of()
                        : table.rows(
                                KeyText.of(key),
                                atPosition < 0 ? Long.MAX_VALUE : (Long) row.get(atPosition));
        if (matches.isEmpty()) {
            if (type == JoinType.LEFT) {
                out.collect(joined(row, null));
            }
            return;
        }
        for (int i = 0; i < matches.size(); i++) {
            out.collect(joined(row, matches.get(i)));
        }
    }

    private GenericRecord joined(GenericRecord row, GenericRecord match) {
        GenericData.Record result = new GenericData.Record(schema);
        for (int i = 0; i < streamWidth; i++) {
            result.put(i, row.get(i));
        }
        if (match != null) {
            for (int i = 0; i < tablePositions.length; i++) {
                result.put(streamWidth + i, match.get(tablePositions[i]));
            }
        }
        return result;
    }

    @Override
    public String toString() {
        return type.text() + " join " + table.describe() + " on " + keyColumn;
    }

    private static List<Schema.Field> tableColumns(
            Schema table, String keyColumn, List<String> columns) {
        List<Schema.Field> fields = new ArrayList<>();
        if (columns.isEmpty()) {
            for (Schema.Field field : table.getFields()) {
                if (!field.name().equals(keyColumn)) {
                    fields.add(field);
                }
            }
            return fields;
        }
        for (String name : columns) {
            Schema.Field field = table.getField(name);
            if (field == null) {
                throw new IllegalArgumentException(
                        String.format("the table has no column '%s'", name));
            }
            if (fields.contains(field)) {
                throw new IllegalArgumentException(
                        String.format("table column '%s' is listed twice", name));
            }
            fields.add(field);
        }
        return fields;
    }

    /**
     * Whether a column of {@code type} holds epoch milliseconds, the unit of the record timestamps
     * a versioned table is kept by (a timestamp-micros column would look up far in the future).
     */
    private static boolean isEpochMillis(Schema type) {
        LogicalType logical = type.getLogicalType();
        return type.getType() == Schema.Type.LONG
                && (logical == null || logical instanceof LogicalTypes.TimestampMillis);
    }

    /** A short name of {@code type} for messages: int, timestamp-micros, nullable long. */
    private static String typeName(Schema type) {
        if (type.getLogicalType() != null) {
            return type.getLogicalType().getName();
        }
        if (type.getType() == Schema.Type.UNION
                && type.isNullable()
                && type.getTypes().size() == 2) {
            Schema other =
                    type.getTypes()
                            .get(type.getTypes().get(0).getType() == Schema.Type.NULL ? 1 : 0);
            return "nullable " + typeName(other);
        }
        return type.getType().getName();
    }

    private static Set<String> names(Schema record) {
        Set<String> names = new HashSet<>();
        record.getFields().forEach(f -> names.add(f.name()));
        return names;
    }

    private static Schema.Field copy(Schema.Field field) {
        return new Schema.Field(field, field.schema());
    }

    /** The field, nullable with default null: a left join has no table row for some rows. */
    private static Schema.Field nullable(Schema.Field field) {
        Schema type = field.schema();
        if (type.isNullable()) {
            if (type.getType() == Schema.Type.UNION
                    && type.getTypes().get(0).getType() == Schema.Type.NULL) {
                return new Schema.Field(field.name(), type, field.doc(), JsonProperties.NULL_VALUE);
            }
            List<Schema> branches = new ArrayList<>();
            branches.add(Schema.create(Schema.Type.NULL));
            type.getTypes().stream()
                    .filter(t -> t.getType() != Schema.Type.NULL)
                    .forEach(branches::add);
            return new Schema.Field(
                    field.name(),
                    Schema.createUnion(branches),
                    field.doc(),
                    JsonProperties.NULL_VALUE);
        }
        return new Schema.Field(
                field.name(),
                Schema.createUnion(Schema.create(Schema.Type.NULL), type),
                field.doc(),
                JsonProperties.NULL_VALUE);
    }
}
