package io.sluice.processor.pipeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A node of a pipeline file with its key path and place in the file, read through typed accessors
 * that fail with a {@link PipelineFileException} pointing at the node.
 *
 * <p>Scalars are read from their text, not from YAML's guess at their type, so {@code topic: 123}
 * is the topic "123" and an expression such as {@code 0.2} stays as written.
 */
final class YamlNode {
    private final String file;
    private final Node node;
    private final String path;

    YamlNode(String file, Node node, String path) {
        this.file = file;
        this.node = node;
        this.path = path;
    }

    /** The key path of this node, such as {@code steps[1].select}. */
    String path() {
        return path;
    }

    /** Where this node starts in the file. */
    FileLocation location() {
        return locationOf(file, node);
    }

    static FileLocation locationOf(String file, Node node) {
        return new FileLocation(
                file, node.getStartMark().getLine() + 1, node.getStartMark().getColumn() + 1);
    }

    /** Whether the node is empty or YAML null ({@code key:}, {@code key: ~}, {@code key: null}). */
    boolean isNull() {
        return node instanceof ScalarNode && Tag.NULL.equals(node.getTag());
    }

    /** Whether the node is a scalar, not a mapping or a list. */
    boolean isScalar() {
        return node instanceof ScalarNode && !isNull();
    }

    /** Whether the node is a list. */
    boolean isList() {
        return node instanceof SequenceNode;
    }

    /** Whether the node is a mapping. */
    boolean isMapping() {
        return node instanceof MappingNode;
    }

    /**
     * How many columns after the node's start its text begins, when the text is written on one line
     * exactly as it reads (plain, or quoted without escapes); empty otherwise.
     */
    OptionalInt textOffset() {
        if (!(node instanceof ScalarNode)) {
            return OptionalInt.empty();
        }
        ScalarNode scalar = (ScalarNode) node;
        int quotes;
        DumperOptions.ScalarStyle style = scalar.getScalarStyle();
        if (style == DumperOptions.ScalarStyle.PLAIN) {
            quotes = 0;
        } else if (style == DumperOptions.ScalarStyle.SINGLE_QUOTED
                || style == DumperOptions.ScalarStyle.DOUBLE_QUOTED) {
            quotes = 1;
        } else {
            return OptionalInt.empty();
        }
        boolean oneLine = node.getStartMark().getLine() == node.getEndMark().getLine();
        int written = node.getEndMark().getColumn() - node.getStartMark().getColumn() - 2 * quotes;
        return oneLine && written == scalar.getValue().length()
                ? OptionalInt.of(quotes)
                : OptionalInt.empty();
    }

    /** An error at this node. */
    PipelineFileException error(String reason) {
        return new PipelineFileException(location(), path, reason);
    }

    /** An error at this node, with its cause. */
    PipelineFileException error(String reason, Throwable cause) {
        return new PipelineFileException(location(), path, reason, cause);
    }

    /** An error that says what the node is and what was expected instead. */
    PipelineFileException expected(String expected) {
        return error("got " + describe() + "; expected " + expected);
    }

    /** The scalar's text, not blank; {@code expected} says what it should be. */
    String text(String expected) {
        if (!isScalar() || ((ScalarNode) node).getValue().isBlank()) {
            throw expected(expected);
        }
        return ((ScalarNode) node).getValue();
    }

    /** The scalar's text, which may be empty or blank (a quoted {@code ""} or {@code " "}). */
    String anyText(String expected) {
        if (isNull()) {
            throw expected(expected + " (quote an empty value: \"\")");
        }
        if (!isScalar()) {
            throw expected(expected);
        }
        return ((ScalarNode) node).getValue();
    }

    /** A whole number of at least 1. */
    int positiveInt() {
        String text = text("a whole number of at least 1");
        try {
            int value = Integer.parseInt(text.trim().replace("_", ""));
            if (value >= 1) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw error(
                "'"
                        + text
                        + "' is not a whole number of at least 1; expected a number such as 1000");
    }

    /** {@code true} or {@code false}. */
    boolean bool() {
        String text = text("true or false");
        if (text.equalsIgnoreCase("true")) {
            return true;
        }
        if (text.equalsIgnoreCase("false")) {
            return false;
        }
        throw error("'" + text + "' is not a boolean; expected true or false");
    }

    /** A duration, at least zero; see {@link DurationText}. */
    Duration duration() {
        String text = text(DurationText.EXPECTED);
        try {
            return DurationText.parse(text);
        } catch (IllegalArgumentException e) {
            throw error("'" + text + "' is not a duration; expected " + DurationText.EXPECTED);
        }
    }

    /** One of {@code choices}' keys, mapped to its value; a near miss gets a "did you mean". */
    <T> T choice(Map<String, T> choices) {
        String expected = "one of " + String.join(", ", choices.keySet());
        String text = text(expected);
        T value = choices.get(text);
        if (value == null) {
            throw error(
                    "unknown value '"
                            + text
                            + "'"
                            + Spelling.didYouMean(text, choices.keySet())
                            + "; expected "
                            + expected);
        }
        return value;
    }

    /** The items of a list, each with its index in its path. */
    List<YamlNode> list(String expected) {
        if (!isList()) {
            throw expected(expected);
        }
        List<Node> items = ((SequenceNode) node).getValue();
        List<YamlNode> result = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            result.add(new YamlNode(file, items.get(i), path + "[" + i + "]"));
        }
        return result;
    }

    /** The items of a list, or this scalar as the only item (for {@code drop: PosID}). */
    List<YamlNode> scalarOrList(String expected) {
        return isList() ? list(expected) : List.of(this);
    }

    /**
     * The mapping this node holds; keys outside {@code known} are rejected, with a "did you mean"
     * when one is close, and so are keys that appear twice.
     */
    YamlMapping mapping(List<String> known, String expected) {
        YamlMapping mapping = anyMapping(expected);
        mapping.requireKnownKeys(known);
        return mapping;
    }

    /** The mapping this node holds, with any keys (for user-named keys such as select's). */
    YamlMapping anyMapping(String expected) {
        if (!isMapping()) {
            throw expected(expected);
        }
        return new YamlMapping(file, (MappingNode) node, path);
    }

    private String describe() {
        if (isNull()) {
            return "no value";
        }
        if (isList()) {
            return "a list";
        }
        if (isMapping()) {
            return "a mapping";
        }
        String value = ((ScalarNode) node).getValue();
        return value.isBlank() ? "an empty string" : "'" + value + "'";
    }
}
