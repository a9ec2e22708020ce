package io.sluice.serdes.infer;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.sluice.serdes.JsonErrors;
import io.sluice.serdes.csv.CsvOptions;
import io.sluice.serdes.internal.FieldFailure;
import io.sluice.serdes.internal.TemporalText;
import io.sluice.serdes.internal.TextScalars;
import io.sluice.serdes.json.JsonOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;

/**
 * Schema inference reads sample records and proposes the Avro record schema that reads them all.
 *
 * <p>Rules: numbers widen int, then long, then double (integers beyond long are doubles); a field
 * is nullable (a union with null first, default null) when a sample holds null or lacks it; JSON
 * objects become nested records named after their field, or maps when a key is not a valid Avro
 * name; arrays take the merged shape of their items; strings that all parse as timestamps
 * (ISO-8601, or the options' pattern) become {@code timestamp-millis}; a field seen with several
 * kinds becomes a union of them. CSV cells are text, so their kinds come from their text: integers
 * without leading zeros, decimals, {@code true}/{@code false}, else strings.
 */
public final class SchemaInference {

    private SchemaInference() {}

    /**
     * Infers the schema of a stream of JSON objects (JSON lines or concatenated), with default
     * options.
     *
     * @throws IllegalArgumentException when the input is not JSON objects or holds none
     */
    public static Schema inferJson(InputStream in, String recordName) {
        return inferJson(in, recordName, JsonOptions.defaults());
    }

    /** Like {@link #inferJson(InputStream, String)}, with options for timestamps and depth. */
    public static Schema inferJson(InputStream in, String recordName, JsonOptions options) {
        try (JsonParser parser = jsonFactory(options).createParser(in)) {
            return inferJson(parser, recordName, options);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read JSON samples", e);
        }
    }

    /** Like {@link #inferJson(InputStream, String, JsonOptions)}, from characters. */
    public static Schema inferJson(Reader in, String recordName, JsonOptions options) {
        try (JsonParser parser = jsonFactory(options).createParser(in)) {
            return inferJson(parser, recordName, options);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read JSON samples", e);
        }
    }

    private static JsonFactory jsonFactory(JsonOptions options) {
        return JsonFactory.builder()
                .streamReadConstraints(
                        StreamReadConstraints.builder()
                                .maxNestingDepth(options.maxNestingDepth())
                                .build())
                .build();
    }

    private static Schema inferJson(JsonParser parser, String recordName, JsonOptions options)
            throws IOException {
        Samples samples =
                new Samples(
                        TemporalText.of(
                                options.timestampFormat(),
                                options.dateFormat(),
                                options.timeZone()));
        Shape root = new Shape();
        int records = 0;
        try {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token != JsonToken.START_OBJECT) {
                    throw new IllegalArgumentException(
                            "sample record " + (records + 1) + " is not a JSON object");
                }
                samples.observe(parser, token, root);
                records++;
            }
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IllegalArgumentException(
                    "invalid JSON in sample record " + (records + 1) + ": " + JsonErrors.reason(e),
                    e);
        }
        return schema(root, records, recordName);
    }

    /**
     * Infers the schema of CSV records. Columns are named by {@code options.columns()} when given,
     * else by the first line, which is then a header.
     *
     * @throws IllegalArgumentException when the input is not valid CSV or holds no records
     */
    public static Schema inferCsv(Reader in, String recordName, CsvOptions options) {
        CsvSchema dialect =
                CsvSchema.emptySchema()
                        .withoutHeader()
                        .withColumnSeparator(options.delimiter())
                        .withQuoteChar(options.quote());
        dialect =
                options.escape().isPresent()
                        ? dialect.withEscapeChar(options.escape().get())
                        : dialect;
        TemporalText temporal =
                TemporalText.of(
                        options.timestampFormat(), options.dateFormat(), options.timeZone());
        try (CsvParser parser = new CsvFactory().createParser(in)) {
            parser.setSchema(dialect);
            List<String> columns =
                    options.columns().isEmpty() ? readCells(parser) : options.columns();
            Shape root = new Shape();
            int records = 0;
            List<String> cells;
            while (!(cells = readCells(parser)).isEmpty()) {
                root.objects++;
                for (int i = 0; i < Math.min(cells.size(), columns.size()); i++) {
                    Shape.Field field = root.field(columns.get(i));
                    field.present++;
                    observeCell(cells.get(i), field.shape, options.nullValue(), temporal);
                }
                records++;
            }
            return schema(root, records, recordName);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IllegalArgumentException("invalid CSV sample: " + JsonErrors.reason(e), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read CSV samples", e);
        }
    }

    private static List<String> readCells(CsvParser parser) throws IOException {
        List<String> cells = new ArrayList<>();
        if (parser.nextToken() == JsonToken.START_ARRAY) {
            while (parser.nextToken() == JsonToken.VALUE_STRING) {
                cells.add(parser.getText());
            }
        }
        return cells;
    }

    private static void observeCell(
            String text, Shape shape, String nullValue, TemporalText temporal) {
        String t = text.trim();
        if (text.equals(nullValue)) {
            shape.sawNull = true;
        } else if (t.equalsIgnoreCase("true") || t.equalsIgnoreCase("false")) {
            shape.sawBoolean = true;
        } else if (TextScalars.isInteger(t) && !hasLeadingZero(t)) {
            try {
                long value = Long.parseLong(t);
                shape.sawInt |= value == (int) value;
                shape.sawLong |= value != (int) value;
            } catch (NumberFormatException e) {
                shape.strings++; // beyond long: an identifier, keep its digits
            }
        } else if (TextScalars.isDecimal(t) && !hasLeadingZero(t)) {
            shape.sawDouble = true;
        } else {
            Samples.observeString(text, shape, temporal);
        }
    }

    private static boolean hasLeadingZero(String t) {
        int start = t.startsWith("-") || t.startsWith("+") ? 1 : 0;
        return t.length() > start + 1
                && t.charAt(start) == '0'
                && Character.isDigit(t.charAt(start + 1));
    }

    private static Schema schema(Shape root, int records, String recordName) {
        if (records == 0) {
            throw new IllegalArgumentException("no sample records to infer a schema from");
        }
        int dot = recordName.lastIndexOf('.');
        String namespace = dot < 0 ? null : recordName.substring(0, dot);
        return new ShapeSchemas(namespace).record(recordName.substring(dot + 1), root);
    }

    /** Samples walks JSON values into shapes. */
    private static final class Samples {
        private final TemporalText temporal;

        Samples(TemporalText temporal) {
            this.temporal = temporal;
        }

        void observe(JsonParser parser, JsonToken token, Shape shape) throws IOException {
            switch (token) {
                case START_OBJECT:
                    shape.objects++;
                    String name;
                    while ((name = parser.nextFieldName()) != null) {
                        shape.sawInvalidName |= !ShapeSchemas.isValidName(name);
                        Shape.Field field = shape.field(name);
                        field.present++;
                        observe(parser, parser.nextToken(), field.shape);
                    }
                    break;
                case START_ARRAY:
                    Shape items = shape.items();
                    JsonToken t;
                    while ((t = parser.nextToken()) != JsonToken.END_ARRAY) {
                        observe(parser, t, items);
                    }
                    break;
                case VALUE_NULL:
                    shape.sawNull = true;
                    break;
                case VALUE_TRUE:
                case VALUE_FALSE:
                    shape.sawBoolean = true;
                    break;
                case VALUE_NUMBER_INT:
                    JsonParser.NumberType type = parser.getNumberType();
                    shape.sawInt |= type == JsonParser.NumberType.INT;
                    shape.sawLong |= type == JsonParser.NumberType.LONG;
                    shape.sawDouble |= type == JsonParser.NumberType.BIG_INTEGER;
                    break;
                case VALUE_NUMBER_FLOAT:
                    shape.sawDouble = true;
                    break;
                default:
                    observeString(parser.getText(), shape, temporal);
            }
        }

        static void observeString(String text, Shape shape, TemporalText temporal) {
            shape.strings++;
            if (TextScalars.isInteger(text.trim())) {
                return;
            }
            try {
                temporal.parseMillis(text);
                shape.timestamps++;
            } catch (FieldFailure e) {
                // not a timestamp: the field stays a string
            }
        }
    }
}
