package io.sluice.processor.pipeline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/** A mapping of a pipeline file: its entries in file order, each key a string that appears once. */
final class YamlMapping {
    private final String file;
    private final MappingNode node;
    private final String path;
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    /**
     * One key and its value.
     *
     * @param key the key's text
     * @param keyLocation where the key is written
     * @param value the value, whose path ends with the key
     */
    record Entry(String key, FileLocation keyLocation, YamlNode value) {}

    YamlMapping(String file, MappingNode node, String path) {
        this.file = file;
        this.node = node;
        this.path = path;
        for (NodeTuple tuple : node.getValue()) {
            Node keyNode = tuple.getKeyNode();
            FileLocation keyLocation = YamlNode.locationOf(file, keyNode);
            if (!(keyNode instanceof ScalarNode)) {
                throw new PipelineFileException(
                        keyLocation, path, "a key is " + kind(keyNode) + "; expected a plain name");
            }
            String key = ((ScalarNode) keyNode).getValue();
            String keyPath = childPath(key);
            Entry first = entries.get(key);
            if (first != null) {
                throw new PipelineFileException(
                        keyLocation,
                        keyPath,
                        "duplicate key (first at line "
                                + first.keyLocation().line()
                                + "); expected each key once");
            }
            entries.put(
                    key,
                    new Entry(key, keyLocation, new YamlNode(file, tuple.getValueNode(), keyPath)));
        }
    }

    private static String kind(Node node) {
        return node instanceof MappingNode ? "a mapping" : "a list";
    }

    private String childPath(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** The mapping's own key path. */
    String path() {
        return path;
    }

    /** Where the mapping starts. */
    FileLocation location() {
        return YamlNode.locationOf(file, node);
    }

    /** The entries in file order. */
    List<Entry> entries() {
        return new ArrayList<>(entries.values());
    }

    /** The keys in file order. */
    Set<String> keys() {
        return entries.keySet();
    }

    boolean has(String key) {
        return entries.containsKey(key);
    }

    /** The value of {@code key}; absent when the key is missing or its value is YAML null. */
    Optional<YamlNode> optional(String key) {
        Entry entry = entries.get(key);
        return entry == null || entry.value().isNull()
                ? Optional.empty()
                : Optional.of(entry.value());
    }

    /** The value of {@code key}; {@code expected} says what it should be when it is missing. */
    YamlNode required(String key, String expected) {
        Entry entry = entries.get(key);
        if (entry == null) {
            throw new PipelineFileException(
                    location(), childPath(key), "missing; expected " + expected);
        }
        if (entry.value().isNull()) {
            throw entry.value().expected(expected);
        }
        return entry.value();
    }

    /** An error at the key (not the value) of {@code key}, which must be present. */
    PipelineFileException errorAtKey(String key, String reason) {
        return new PipelineFileException(entries.get(key).keyLocation(), childPath(key), reason);
    }

    /** An error about the child {@code key}, which may be missing, at the start of the mapping. */
    PipelineFileException errorAtChild(String key, String reason) {
        return new PipelineFileException(location(), childPath(key), reason);
    }

    /** An error at the start of the mapping. */
    PipelineFileException error(String reason) {
        return new PipelineFileException(location(), path, reason);
    }

    /**
     * Rejects the first key outside {@code known} (listed in its order), suggesting the closest.
     */
    void requireKnownKeys(List<String> known) {
        for (Entry entry : entries.values()) {
            if (!known.contains(entry.key())) {
                throw new PipelineFileException(
                        entry.keyLocation(),
                        childPath(entry.key()),
                        "unknown key"
                                + Spelling.didYouMean(entry.key(), known)
                                + "; expected one of "
                                + String.join(", ", known));
            }
        }
    }
}
