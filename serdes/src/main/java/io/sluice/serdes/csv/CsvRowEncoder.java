package io.sluice.serdes.csv;

import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.sluice.serdes.CodecException;
import io.sluice.serdes.RowEncoder;
import io.sluice.serdes.internal.ByteSink;
import io.sluice.serdes.internal.Values;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * A CSV row encoder writes a row as one CSV line without a line break (preceded by a header line
 * when so configured), through a generator and buffer that it keeps between rows.
 */
final class CsvRowEncoder implements RowEncoder {

    private static final int INITIAL_CAPACITY = 256;

    private final CsvFactory factory =
            CsvFactory.builder().enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING).build();
    private final CsvSchema schemaWithColumns;
    private final Schema schema;
    private final CsvColumns columns;
    private final int[] fieldOfColumn;
    private final SerializedString[] columnNames;
    private final byte[] headerLine;
    private final boolean[] nullable;
    private final ByteSink sink = new ByteSink(INITIAL_CAPACITY);
    private CsvGenerator generator;

    CsvRowEncoder(Schema schema, CsvOptions options) {
        this.schema = schema;
        this.columns = new CsvColumns(schema, options.temporal());
        List<String> names =
                options.columns().isEmpty() ? columns.schemaOrder() : options.columns();
        this.fieldOfColumn = columns.mapping(names, true);
        CsvSchema.Builder builder = CsvFormat.dialect(options).rebuild().clearColumns();
        columnNames = new SerializedString[names.size()];
        for (int i = 0; i < names.size(); i++) {
            builder.addColumn(names.get(i));
            columnNames[i] = new SerializedString(names.get(i));
        }
        this.schemaWithColumns =
                builder.build().withNullValue(options.nullValue()).withLineSeparator("\n");
        this.nullable = new boolean[columns.size()];
        for (Schema.Field field : schema.getFields()) {
            nullable[field.pos()] = field.schema().isNullable();
        }
        this.headerLine = options.header() ? headerLine(names) : new byte[0];
    }

    private byte[] headerLine(List<String> names) {
        ByteSink header = new ByteSink(INITIAL_CAPACITY);
        try (CsvGenerator g = factory.createGenerator(header)) {
            g.setSchema(schemaWithColumns);
            g.writeStartObject();
            for (int i = 0; i < names.size(); i++) {
                g.writeFieldName(columnNames[i]);
                g.writeString(names.get(i));
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to a byte buffer failed", e);
        }
        return header.toByteArray();
    }

    @Override
    public byte[] encode(GenericRecord row) {
        sink.reset();
        sink.write(headerLine, 0, headerLine.length);
        int column = -1;
        try {
            CsvGenerator g = generator();
            g.writeStartObject();
            for (column = 0; column < fieldOfColumn.length; column++) {
                int pos = fieldOfColumn[column];
                Object value =
                        row.getSchema() == schema
                                ? row.get(pos)
                                : Values.field(row, columns.name(pos));
                g.writeFieldName(columnNames[column]);
                if (value == null) {
                    if (!nullable[pos]) {
                        throw new IllegalArgumentException("null for a non-nullable field");
                    }
                    g.writeNull();
                } else {
                    g.writeString(columns.writer(pos).write(value));
                }
            }
            g.writeEndObject();
            g.flush();
            int trailing = sink.size() > 0 && sink.lastByte() == '\n' ? 1 : 0;
            return sink.toByteArray(trailing);
        } catch (IOException e) {
            generator = null;
            throw new UncheckedIOException("writing to a byte buffer failed", e);
        } catch (RuntimeException e) {
            generator = null;
            String field =
                    column >= 0 && column < fieldOfColumn.length
                            ? columns.name(fieldOfColumn[column])
                            : "";
            throw new CodecException("cannot encode row as CSV: " + e.getMessage(), field, e);
        }
    }

    private CsvGenerator generator() throws IOException {
        if (generator == null) {
            sink.reset();
            sink.write(headerLine, 0, headerLine.length);
            generator = factory.createGenerator(sink);
            generator.setSchema(schemaWithColumns);
        }
        return generator;
    }
}
