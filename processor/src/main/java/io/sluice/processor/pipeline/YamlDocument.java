package io.sluice.processor.pipeline;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * A YAML document read into SnakeYAML's node tree, which keeps every node's line and column.
 *
 * <p>Only the node tree is built ({@code Yaml.compose}); no Java objects are constructed from the
 * file, so no YAML tag can instantiate a class.
 */
final class YamlDocument {
    private static final int MAX_FILE_CHARS = 1 << 20;

    private YamlDocument() {}

    /**
     * The root node of {@code file}'s single document.
     *
     * @param name how errors name the file
     * @throws PipelineFileException when the file is missing, unreadable, empty or not valid YAML
     */
    static YamlNode read(Path file, String name) {
        if (Files.isDirectory(file)) {
            // opened, a directory fails inside the YAML reader: "not valid YAML: ... Is a
            // directory"
            throw new PipelineFileException(
                    FileLocation.wholeFile(name),
                    "",
                    "is a directory; expected a pipeline file, such as "
                            + file.resolve("pipeline.yaml"));
        }
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return compose(reader, name);
        } catch (NoSuchFileException e) {
            throw new PipelineFileException(
                    FileLocation.wholeFile(name),
                    "",
                    "file not found; expected a pipeline file",
                    e);
        } catch (IOException e) {
            throw new PipelineFileException(
                    FileLocation.wholeFile(name), "", "cannot read the file: " + e, e);
        }
    }

    /**
     * The root node of the single document in {@code text}, such as one built in code.
     *
     * @param name how errors name the document
     * @throws PipelineFileException when the text is empty or not valid YAML
     */
    static YamlNode parse(String text, String name) {
        return compose(new StringReader(text), name);
    }

    private static YamlNode compose(Reader reader, String name) {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(MAX_FILE_CHARS);
        options.setMaxAliasesForCollections(50);
        options.setNestingDepthLimit(50);
        Node root;
        try {
            root = new Yaml(options).compose(reader);
        } catch (MarkedYAMLException e) {
            throw syntaxError(name, e);
        } catch (YAMLException e) {
            throw new PipelineFileException(
                    FileLocation.wholeFile(name), "", "not valid YAML: " + e.getMessage(), e);
        }
        if (root == null) {
            throw new PipelineFileException(
                    FileLocation.wholeFile(name),
                    "",
                    "the file is empty; expected a mapping with name, source, steps and sink");
        }
        return new YamlNode(name, root, "");
    }

    private static PipelineFileException syntaxError(String name, MarkedYAMLException e) {
        Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
        FileLocation location =
                mark == null
                        ? FileLocation.wholeFile(name)
                        : new FileLocation(name, mark.getLine() + 1, mark.getColumn() + 1);
        StringBuilder reason = new StringBuilder("not valid YAML: ");
        if (e.getContext() != null) {
            reason.append(e.getContext()).append(", ");
        }
        reason.append(e.getProblem());
        return new PipelineFileException(location, "", reason.toString(), e);
    }
}
