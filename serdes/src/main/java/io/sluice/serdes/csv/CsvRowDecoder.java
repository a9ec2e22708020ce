package io.sluice.serdes.csv;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.sluice.serdes.DecodeResult;
import io.sluice.serdes.JsonErrors;
import io.sluice.serdes.RowDecoder;
import io.sluice.serdes.internal.FieldDefaults;
import io.sluice.serdes.internal.FieldFailure;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;

/**
 * A CSV row decoder reads one CSV row per record (after a header line when so configured) into a
 * row of a flat schema. Positions in errors are character offsets.
 */
final class CsvRowDecoder implements RowDecoder {

    private final CsvFactory factory = new CsvFactory();
    private final CsvSchema dialect;
    private final CsvOptions options;
    private final Schema schema;
    private final CsvColumns columns;
    private final FieldDefaults absent;
    private final int[] fixedMapping;
    private final long[] seen;
    private List<String> lastHeader = List.of();
    private int[] lastHeaderMapping = new int[0];

    CsvRowDecoder(Schema schema, CsvOptions options) {
        this.schema = schema;
        this.options = options;
        this.columns = new CsvColumns(schema, options.temporal());
        this.absent = new FieldDefaults(schema);
        this.seen = new long[(columns.size() + 63) >>> 6];
        this.dialect = CsvFormat.dialect(options);
        List<String> names =
                options.columns().isEmpty() ? columns.schemaOrder() : options.columns();
        this.fixedMapping = columns.mapping(names, options.strict());
    }

    @Override
    public DecodeResult decode(byte[] bytes) {
        CsvParser parser = null;
        try {
            parser = factory.createParser(bytes);
            parser.setSchema(dialect);
            int[] mapping = options.header() ? headerMapping(parser) : fixedMapping;
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                return new DecodeResult.DecodeError("no CSV row in the record", "", offset(parser));
            }
            GenericData.Record row = readRow(parser, mapping);
            if (parser.nextToken() != null) {
                return new DecodeResult.DecodeError(
                        "more than one CSV row in the record", "", offset(parser));
            }
            return new DecodeResult.Decoded(row);
        } catch (FieldFailure f) {
            return new DecodeResult.DecodeError(f.reason(), f.fieldPath(), offset(parser));
        } catch (JacksonException e) {
            return new DecodeResult.DecodeError(
                    "invalid CSV: " + JsonErrors.reason(e), "", offset(e.getLocation()));
        } catch (IOException | RuntimeException | StackOverflowError e) {
            return new DecodeResult.DecodeError(
                    "unreadable CSV: " + e.getMessage(), "", offset(parser));
        } finally {
            if (parser != null) {
                try {
                    parser.close();
                } catch (IOException e) {
                    // Closing a parser over a byte array only returns buffers to Jackson's
                    // recycler.
                }
            }
        }
    }

    private GenericData.Record readRow(CsvParser parser, int[] mapping) throws IOException {
        GenericData.Record row = new GenericData.Record(schema);
        long[] seen = this.seen;
        Arrays.fill(seen, 0L);
        int column = 0;
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.VALUE_STRING
                || token == JsonToken.VALUE_NULL) {
            if (column >= mapping.length) {
                if (options.strict()) {
                    throw new FieldFailure("row has more than the " + mapping.length + " columns");
                }
            } else if (mapping[column] >= 0) {
                int pos = mapping[column];
                row.put(pos, cell(pos, token == JsonToken.VALUE_NULL ? null : parser.getText()));
                seen[pos >>> 6] |= 1L << pos;
            }
            column++;
        }
        absent.fillAbsent(row, seen);
        return row;
    }

    private Object cell(int pos, String text) {
        try {
            if (text == null || text.equals(options.nullValue())) {
                if (absent.nullable(pos) || absent.hasDefault(pos)) {
                    return absent.nullable(pos) ? null : absent.absentValue(pos);
                }
                throw new FieldFailure(
                        "empty or null cell for a non-nullable field without default");
            }
            return columns.reader(pos).read(text);
        } catch (FieldFailure f) {
            throw f.inField(columns.name(pos));
        }
    }

    private int[] headerMapping(CsvParser parser) throws IOException {
        if (parser.nextToken() != JsonToken.START_ARRAY) {
            throw new FieldFailure("no CSV header line in the record");
        }
        List<String> header = new ArrayList<>();
        while (parser.nextToken() == JsonToken.VALUE_STRING) {
            header.add(parser.getText());
        }
        if (!header.equals(lastHeader)) {
            lastHeaderMapping = columns.mapping(header, options.strict());
            lastHeader = header;
        }
        return lastHeaderMapping;
    }

    private static long offset(CsvParser parser) {
        return parser == null ? -1 : offset(parser.currentTokenLocation());
    }

    private static long offset(JsonLocation location) {
        return location == null ? -1 : location.getCharOffset();
    }
}
