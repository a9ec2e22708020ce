package io.sluice.serdes.csv;

import io.sluice.serdes.internal.OptionMap;
import io.sluice.serdes.internal.TemporalText;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * CSV options are the dialect and type rules of the CSV codec.
 *
 * @param delimiter the character between cells
 * @param quote the character that quotes a cell holding delimiters, quotes or line breaks
 * @param escape the character that escapes the next one inside a cell, if any
 * @param nullValue the cell text that means null; the default, the empty string, makes empty cells
 *     null
 * @param header whether each record starts with a header line naming its columns (the encoder then
 *     writes one before each row)
 * @param columns the column names in order when there is no header; empty for the schema's field
 *     order
 * @param strict reject columns the schema does not name and rows with more cells than columns
 * @param timestampFormat as in {@link io.sluice.serdes.json.JsonOptions#timestampFormat()}
 * @param dateFormat as in {@link io.sluice.serdes.json.JsonOptions#dateFormat()}
 * @param timeZone the zone of timestamp text that carries no offset or zone
 */
public record CsvOptions(
        char delimiter,
        char quote,
        Optional<Character> escape,
        String nullValue,
        boolean header,
        List<String> columns,
        boolean strict,
        Optional<String> timestampFormat,
        Optional<String> dateFormat,
        ZoneId timeZone) {

    /** The option keys accepted by {@link #fromMap}. */
    public static final Set<String> KEYS =
            Set.of(
                    "delimiter",
                    "quote",
                    "escape",
                    "nullValue",
                    "header",
                    "columns",
                    "strict",
                    "timestampFormat",
                    "dateFormat",
                    "timeZone");

    /** Validates the options; the special characters must differ and patterns must be valid. */
    public CsvOptions {
        Objects.requireNonNull(escape, "escape");
        Objects.requireNonNull(nullValue, "nullValue");
        columns = List.copyOf(columns);
        Objects.requireNonNull(timestampFormat, "timestampFormat");
        Objects.requireNonNull(dateFormat, "dateFormat");
        Objects.requireNonNull(timeZone, "timeZone");
        if (delimiter == quote || escape.isPresent() && (escape.get() == delimiter)) {
            throw new IllegalArgumentException(
                    "CSV delimiter, quote and escape must be different characters");
        }
        if (delimiter == '\n' || delimiter == '\r' || quote == '\n' || quote == '\r') {
            throw new IllegalArgumentException("CSV delimiter and quote cannot be line breaks");
        }
        TemporalText.of(timestampFormat, dateFormat, timeZone);
    }

    /**
     * Comma-separated, double-quoted, no escape, empty cells null, no header, schema order, UTC.
     */
    public static CsvOptions defaults() {
        return new CsvOptions(
                ',',
                '"',
                Optional.empty(),
                "",
                false,
                List.of(),
                false,
                Optional.empty(),
                Optional.empty(),
                ZoneOffset.UTC);
    }

    /**
     * Reads options from pipeline-file key/values; absent keys keep their defaults. {@code columns}
     * is a comma-separated list of names.
     *
     * @throws IllegalArgumentException naming an unknown key or a value that does not parse
     */
    public static CsvOptions fromMap(Map<String, String> options) {
        OptionMap map = OptionMap.of("csv", options, KEYS);
        CsvOptions d = defaults();
        return new CsvOptions(
                map.character("delimiter").orElse(d.delimiter()),
                map.character("quote").orElse(d.quote()),
                map.character("escape"),
                map.string("nullValue").orElse(d.nullValue()),
                map.bool("header", d.header()),
                map.string("columns").map(CsvOptions::splitColumns).orElse(d.columns()),
                map.bool("strict", d.strict()),
                map.string("timestampFormat"),
                map.string("dateFormat"),
                map.zone("timeZone", d.timeZone()));
    }

    private static List<String> splitColumns(String text) {
        List<String> names = new ArrayList<>();
        for (String name : text.split(",", -1)) {
            names.add(name.trim());
        }
        return names;
    }

    /** A copy with the delimiter set. */
    public CsvOptions withDelimiter(char value) {
        return new CsvOptions(
                value,
                quote,
                escape,
                nullValue,
                header,
                columns,
                strict,
                timestampFormat,
                dateFormat,
                timeZone);
    }

    /** A copy with the escape character set. */
    public CsvOptions withEscape(char value) {
        return new CsvOptions(
                delimiter,
                quote,
                Optional.of(value),
                nullValue,
                header,
                columns,
                strict,
                timestampFormat,
                dateFormat,
                timeZone);
    }

    /** A copy with the null text set. */
    public CsvOptions withNullValue(String value) {
        return new CsvOptions(
                delimiter,
                quote,
                escape,
                value,
                header,
                columns,
                strict,
                timestampFormat,
                dateFormat,
                timeZone);
    }

    /** A copy with the header flag set. */
    public CsvOptions withHeader(boolean value) {
        return new CsvOptions(
                delimiter,
                quote,
                escape,
                nullValue,
                value,
                columns,
                strict,
                timestampFormat,
                dateFormat,
                timeZone);
    }

    /** A copy with the column names set. */
    public CsvOptions withColumns(List<String> value) {
        return new CsvOptions(
                delimiter,
                quote,
                escape,
                nullValue,
                header,
                value,
                strict,
                timestampFormat,
                dateFormat,
                timeZone);
    }

    /** A copy with strict set. */
    public CsvOptions withStrict(boolean value) {
        return new CsvOptions(
                delimiter,
                quote,
                escape,
                nullValue,
                header,
                columns,
                value,
                timestampFormat,
                dateFormat,
                timeZone);
    }

    /** A copy with the timestamp pattern set. */
    public CsvOptions withTimestampFormat(String pattern) {
        return new CsvOptions(
                delimiter,
                quote,
                escape,
                nullValue,
                header,
                columns,
                strict,
                Optional.of(pattern),
                dateFormat,
                timeZone);
    }

    TemporalText temporal() {
        return TemporalText.of(timestampFormat, dateFormat, timeZone);
    }
}
