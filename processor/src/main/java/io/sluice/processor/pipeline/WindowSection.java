package io.sluice.processor.pipeline;

import io.sluice.processor.window.WindowSpec;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code window} of an aggregation step: {@code {type: tumbling, size: 15m}}, {@code {type:
 * sliding, size: 10m, slide: 5m}} or {@code {type: session, gap: 5m}} (with {@code retractMerged:
 * true|false} to choose whether the rows of merged sessions are retracted).
 */
final class WindowSection {

    static final List<String> KEYS = List.of("type", "size", "slide", "gap", "retractMerged");

    static final String EXPECTED =
            "a mapping such as {type: tumbling, size: 15m}, {type: sliding, size: 10m, slide: 5m}"
                    + " or {type: session, gap: 5m}";

    private static final Map<String, List<String>> KEYS_BY_TYPE = keysByType();

    private WindowSection() {}

    /** Reads the window spec {@code node} holds. */
    static WindowSpec read(YamlNode node) {
        YamlMapping window = node.mapping(KEYS, EXPECTED);
        Map<String, String> types = new LinkedHashMap<>();
        KEYS_BY_TYPE.keySet().forEach(type -> types.put(type, type));
        String type = window.required("type", "tumbling, sliding or session").choice(types);
        List<String> allowed = KEYS_BY_TYPE.get(type);
        for (String key : window.keys()) {
            if (!allowed.contains(key)) {
                throw window.errorAtKey(
                        key,
                        "a "
                                + type
                                + " window takes no "
                                + key
                                + "; expected "
                                + String.join(" and ", allowed));
            }
        }
        switch (type) {
            case "tumbling":
                return new WindowSpec.Tumbling(length(window, "size"));
            case "sliding":
                return sliding(window);
            default:
                return new WindowSpec.Session(length(window, "gap"));
        }
    }

    /**
     * The {@code retractMerged} value of the window {@code node} holds, if given; {@link #read} has
     * checked the window's keys.
     */
    static Optional<YamlNode> retractMerged(YamlNode node) {
        return node.mapping(KEYS, EXPECTED).optional("retractMerged");
    }

    /** The spec as a plan shows it: {@code tumbling 15m}, {@code sliding 10m every 5m}. */
    static String describe(WindowSpec spec) {
        if (spec instanceof WindowSpec.Global) {
            return "none (one row per group, kept for ever)";
        }
        if (spec instanceof WindowSpec.Tumbling tumbling) {
            return "tumbling " + DurationText.format(tumbling.size());
        }
        if (spec instanceof WindowSpec.Sliding sliding) {
            return "sliding "
                    + DurationText.format(sliding.size())
                    + " every "
                    + DurationText.format(sliding.slide());
        }
        return "session, gap " + DurationText.format(((WindowSpec.Session) spec).gap());
    }

    private static WindowSpec sliding(YamlMapping window) {
        Duration size = length(window, "size");
        Duration slide = length(window, "slide");
        if (slide.compareTo(size) > 0) {
            throw window.required("slide", "a duration")
                    .error(
                            "the slide ("
                                    + DurationText.format(slide)
                                    + ") is longer than the size ("
                                    + DurationText.format(size)
                                    + "), which would leave gaps between windows; expected a"
                                    + " slide of at most the size");
        }
        return new WindowSpec.Sliding(size, slide);
    }

    /** A positive whole number of milliseconds. */
    private static Duration length(YamlMapping window, String key) {
        YamlNode node = window.required(key, "a positive " + DurationText.EXPECTED);
        Duration length = node.duration();
        if (length.isZero() || length.getNano() % 1_000_000 != 0) {
            throw node.error(
                    "the window's "
                            + key
                            + (length.isZero()
                                    ? " is zero"
                                    : " is not a whole number of milliseconds")
                            + "; expected a positive duration in whole milliseconds, such as 15m");
        }
        return length;
    }

    private static Map<String, List<String>> keysByType() {
        Map<String, List<String>> keys = new LinkedHashMap<>();
        keys.put("tumbling", List.of("type", "size"));
        keys.put("sliding", List.of("type", "size", "slide"));
        keys.put("session", List.of("type", "gap", "retractMerged"));
        return keys;
    }
}
