package io.sluice.serdes.json;

import io.sluice.serdes.internal.OptionMap;
import io.sluice.serdes.internal.TemporalText;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * JSON options are the type rules of the JSON codec.
 *
 * @param strict reject fields the schema does not name (otherwise they are skipped)
 * @param numbersAsStrings accept numbers and booleans given as JSON strings ({@code "42"}) where
 *     the schema says number or boolean
 * @param timestampFormat a {@link java.time.format.DateTimeFormatter} pattern, or {@code iso}, for
 *     timestamps given as strings; when set, the encoder writes timestamps as strings in it. When
 *     empty, ISO-8601 strings are read and timestamps are written as epoch numbers.
 * @param dateFormat the same for {@code date} fields
 * @param timeZone the zone of timestamp text that carries no offset or zone
 * @param maxNestingDepth the deepest nesting of objects and arrays accepted in input
 * @param duplicateFields what an object that names one of the schema's fields twice does
 */
public record JsonOptions(
        boolean strict,
        boolean numbersAsStrings,
        Optional<String> timestampFormat,
        Optional<String> dateFormat,
        ZoneId timeZone,
        int maxNestingDepth,
        DuplicateFields duplicateFields) {

    /** What a JSON object that names a field of the schema more than once does. */
    public enum DuplicateFields {
        /** The record fails to decode (and goes to the dead-letter topic): the default. */
        REJECT,
        /** The last value wins, as most JSON parsers do. */
        LAST
    }

    /** The option keys accepted by {@link #fromMap}. */
    public static final Set<String> KEYS =
            Set.of(
                    "strict",
                    "numbersAsStrings",
                    "timestampFormat",
                    "dateFormat",
                    "timeZone",
                    "maxNestingDepth",
                    "duplicateFields");

    private static final int DEFAULT_MAX_NESTING_DEPTH = 64;

    /** Validates the options; patterns must be valid and the depth positive. */
    public JsonOptions {
        Objects.requireNonNull(timestampFormat, "timestampFormat");
        Objects.requireNonNull(dateFormat, "dateFormat");
        Objects.requireNonNull(timeZone, "timeZone");
        Objects.requireNonNull(duplicateFields, "duplicateFields");
        if (maxNestingDepth <= 0) {
            throw new IllegalArgumentException(
                    "maxNestingDepth must be positive, was " + maxNestingDepth);
        }
        TemporalText.of(timestampFormat, dateFormat, timeZone);
    }

    /** Options that reject records with a duplicate field. */
    public JsonOptions(
            boolean strict,
            boolean numbersAsStrings,
            Optional<String> timestampFormat,
            Optional<String> dateFormat,
            ZoneId timeZone,
            int maxNestingDepth) {
        this(
                strict,
                numbersAsStrings,
                timestampFormat,
                dateFormat,
                timeZone,
                maxNestingDepth,
                DuplicateFields.REJECT);
    }

    /**
     * Lenient, non-strict rules: numbers as strings accepted, ISO-8601 timestamps, UTC, depth 64.
     */
    public static JsonOptions defaults() {
        return new JsonOptions(
                false,
                true,
                Optional.empty(),
                Optional.empty(),
                ZoneOffset.UTC,
                DEFAULT_MAX_NESTING_DEPTH);
    }

    /**
     * Reads options from pipeline-file key/values; absent keys keep their defaults.
     *
     * @throws IllegalArgumentException naming an unknown key or a value that does not parse
     */
    public static JsonOptions fromMap(Map<String, String> options) {
        OptionMap map = OptionMap.of("json", options, KEYS);
        JsonOptions d = defaults();
        return new JsonOptions(
                map.bool("strict", d.strict()),
                map.bool("numbersAsStrings", d.numbersAsStrings()),
                map.string("timestampFormat"),
                map.string("dateFormat"),
                map.zone("timeZone", d.timeZone()),
                map.positiveInt("maxNestingDepth", d.maxNestingDepth()),
                duplicateFields(map));
    }

    private static DuplicateFields duplicateFields(OptionMap map) {
        Optional<String> value = map.string("duplicateFields");
        if (value.isEmpty() || value.get().equalsIgnoreCase("reject")) {
            return DuplicateFields.REJECT;
        }
        if (value.get().equalsIgnoreCase("last")) {
            return DuplicateFields.LAST;
        }
        throw map.invalid(
                "duplicateFields",
                value.get(),
                "reject (a record naming a field twice fails to decode, the default) or last"
                        + " (the last value wins)");
    }

    /** A copy with the duplicate-field rule set. */
    public JsonOptions withDuplicateFields(DuplicateFields value) {
        return new JsonOptions(
                strict,
                numbersAsStrings,
                timestampFormat,
                dateFormat,
                timeZone,
                maxNestingDepth,
                value);
    }

    /** A copy with strict set as given. */
    public JsonOptions withStrict(boolean value) {
        return new JsonOptions(
                value,
                numbersAsStrings,
                timestampFormat,
                dateFormat,
                timeZone,
                maxNestingDepth,
                duplicateFields);
    }

    /** A copy with numbersAsStrings set as given. */
    public JsonOptions withNumbersAsStrings(boolean value) {
        return new JsonOptions(
                strict,
                value,
                timestampFormat,
                dateFormat,
                timeZone,
                maxNestingDepth,
                duplicateFields);
    }

    /** A copy with the timestamp pattern set. */
    public JsonOptions withTimestampFormat(String pattern) {
        return new JsonOptions(
                strict,
                numbersAsStrings,
                Optional.of(pattern),
                dateFormat,
                timeZone,
                maxNestingDepth,
                duplicateFields);
    }

    /** A copy with the date pattern set. */
    public JsonOptions withDateFormat(String pattern) {
        return new JsonOptions(
                strict,
                numbersAsStrings,
                timestampFormat,
                Optional.of(pattern),
                timeZone,
                maxNestingDepth,
                duplicateFields);
    }

    /** A copy with the time zone set. */
    public JsonOptions withTimeZone(ZoneId zone) {
        return new JsonOptions(
                strict,
                numbersAsStrings,
                timestampFormat,
                dateFormat,
                zone,
                maxNestingDepth,
                duplicateFields);
    }

    /** A copy with the nesting limit set. */
    public JsonOptions withMaxNestingDepth(int depth) {
        return new JsonOptions(
                strict,
                numbersAsStrings,
                timestampFormat,
                dateFormat,
                timeZone,
                depth,
                duplicateFields);
    }

    TemporalText temporal() {
        return TemporalText.of(timestampFormat, dateFormat, timeZone);
    }
}
