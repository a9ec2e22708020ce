package io.sluice.cli.config;

import io.sluice.processor.ConfigException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Reads a configuration file into dotted keys: {@code http: {port: 8080}} and {@code http.port:
 * 8080} both give {@code http.port}, with the line each value is on. Only SnakeYAML's node tree is
 * built, so no YAML tag can instantiate a class.
 */
final class YamlSettings {
    private YamlSettings() {}

    /** A value and where it was written. */
    record Entry(String value, ConfigSource source) {}

    /**
     * The file's settings in file order; an empty file gives none.
     *
     * @throws ConfigException naming the file (and line) when it is missing or not a mapping of
     *     scalars
     */
    static Map<String, Entry> read(Path file) {
        String name = file.toString();
        Node root;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            root = new Yaml(new LoaderOptions()).compose(reader);
        } catch (NoSuchFileException e) {
            throw new ConfigException(name + ": file not found; expected a configuration file");
        } catch (IOException e) {
            throw new ConfigException(name + ": cannot read the file: " + e.getMessage(), e);
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 1 : e.getProblemMark().getLine() + 1;
            throw new ConfigException(name + ":" + line + ": not valid YAML: " + e.getProblem(), e);
        } catch (YAMLException e) {
            throw new ConfigException(name + ": not valid YAML: " + e.getMessage(), e);
        }
        Map<String, Entry> entries = new LinkedHashMap<>();
        if (root == null) {
            return entries;
        }
        if (!(root instanceof MappingNode mapping)) {
            throw new ConfigException(
                    name + ":" + line(root) + ": expected a mapping of settings (key: value)");
        }
        flatten(name, "", mapping, entries);
        return entries;
    }

    private static void flatten(
            String file, String prefix, MappingNode mapping, Map<String, Entry> entries) {
        for (NodeTuple tuple : mapping.getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode keyNode)) {
                throw new ConfigException(
                        file + ":" + line(tuple.getKeyNode()) + ": expected a plain key");
            }
            String key = prefix + keyNode.getValue();
            Node value = tuple.getValueNode();
            if (value instanceof MappingNode nested) {
                flatten(file, key + ".", nested, entries);
            } else if (value instanceof ScalarNode scalar) {
                if (!isNull(scalar)) {
                    entries.put(
                            key,
                            new Entry(scalar.getValue(), ConfigSource.file(file, line(value))));
                }
            } else {
                throw new ConfigException(
                        file
                                + ":"
                                + line(value)
                                + ": "
                                + key
                                + ": expected a single value, not a list");
            }
        }
    }

    private static boolean isNull(ScalarNode scalar) {
        return scalar.getTag().getValue().endsWith(":null");
    }

    private static int line(Node node) {
        return node.getStartMark().getLine() + 1;
    }
}
