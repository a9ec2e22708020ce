package io.sluice.serdes.internal;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * An option map reads typed codec options from the string key/values of a pipeline file, with
 * errors that name the key and what was expected.
 */
public final class OptionMap {

    private final String format;
    private final Map<String, String> values;

    private OptionMap(String format, Map<String, String> values) {
        this.format = format;
        this.values = Map.copyOf(values);
    }

    /**
     * Wraps the options of a format, rejecting keys the format does not know.
     *
     * @throws IllegalArgumentException naming the first unknown key and the known ones
     */
    public static OptionMap of(String format, Map<String, String> values, Set<String> knownKeys) {
        for (String key : new TreeSet<>(values.keySet())) {
            if (!knownKeys.contains(key)) {
                throw new IllegalArgumentException(
                        "unknown "
                                + format
                                + " option '"
                                + key
                                + "'; known options: "
                                + String.join(", ", new TreeSet<>(knownKeys)));
            }
        }
        return new OptionMap(format, values);
    }

    /** The raw value of a key, if given. */
    public Optional<String> string(String key) {
        return Optional.ofNullable(values.get(key));
    }

    /** A boolean option: {@code true} or {@code false}. */
    public boolean bool(String key, boolean defaultValue) {
        String value = values.get(key);
        if (value == null) {
            return defaultValue;
        }
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        if (value.equalsIgnoreCase("false")) {
            return false;
        }
        throw invalid(key, value, "true or false");
    }

    /** A positive integer option. */
    public int positiveInt(String key, int defaultValue) {
        String value = values.get(key);
        if (value == null) {
            return defaultValue;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed > 0) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid(key, value, "a positive integer");
    }

    /** A single-character option; {@code \t} is accepted for a tab. */
    public Optional<Character> character(String key) {
        String value = values.get(key);
        if (value == null) {
            return Optional.empty();
        }
        if (value.equals("\\t")) {
            return Optional.of('\t');
        }
        if (value.length() != 1) {
            throw invalid(key, value, "a single character");
        }
        return Optional.of(value.charAt(0));
    }

    /** A time zone option, such as {@code UTC} or {@code Europe/Paris}. */
    public ZoneId zone(String key, ZoneId defaultValue) {
        String value = values.get(key);
        if (value == null) {
            return defaultValue;
        }
        try {
            return ZoneId.of(value);
        } catch (DateTimeException e) {
            throw invalid(key, value, "a time zone id such as UTC or Europe/Paris");
        }
    }

    /** An exception for an option whose value is not what the key expects. */
    public IllegalArgumentException invalid(String key, String value, String expected) {
        return new IllegalArgumentException(
                format + " option '" + key + "' is '" + value + "'; expected " + expected);
    }
}
