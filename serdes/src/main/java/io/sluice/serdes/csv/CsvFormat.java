package io.sluice.serdes.csv;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.sluice.serdes.RowDecoder;
import io.sluice.serdes.RowEncoder;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;

/** The CSV format builds CSV row decoders and encoders for a flat record schema. */
public final class CsvFormat {

    private CsvFormat() {}

    /**
     * A decoder of one CSV row per record into rows of {@code schema}.
     *
     * @throws IllegalArgumentException when the schema is not a flat record, or strict options name
     *     a column the schema lacks
     */
    public static RowDecoder decoder(Schema schema, CsvOptions options) {
        return new CsvRowDecoder(schema, options);
    }

    /**
     * An encoder of rows of {@code schema} as one CSV line per record, without a line break.
     *
     * @throws IllegalArgumentException when the schema is not a flat record, or the columns option
     *     names a field the schema lacks
     */
    public static RowEncoder encoder(Schema schema, CsvOptions options) {
        return new CsvRowEncoder(schema, options);
    }

    /**
     * The column names of a header line in the options' dialect. A file source reads a file's first
     * line with this, then decodes the other lines with {@code options.withColumns(names)}.
     *
     * @throws IllegalArgumentException when the line is not valid CSV
     */
    public static List<String> headerColumns(String headerLine, CsvOptions options) {
        List<String> names = new ArrayList<>();
        try (CsvParser parser = new CsvFactory().createParser(headerLine)) {
            parser.setSchema(dialect(options));
            if (parser.nextToken() == JsonToken.START_ARRAY) {
                while (parser.nextToken() == JsonToken.VALUE_STRING) {
                    names.add(parser.getText());
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("invalid CSV header line: " + e.getMessage(), e);
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException("empty CSV header line");
        }
        return names;
    }

    static CsvSchema dialect(CsvOptions options) {
        CsvSchema schema =
                CsvSchema.emptySchema()
                        .withoutHeader()
                        .withColumnSeparator(options.delimiter())
                        .withQuoteChar(options.quote());
        return options.escape().isPresent()
                ? schema.withEscapeChar(options.escape().get())
                : schema.withoutEscapeChar();
    }
}
