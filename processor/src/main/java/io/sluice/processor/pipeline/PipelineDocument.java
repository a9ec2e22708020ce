package io.sluice.processor.pipeline;

import java.nio.file.Path;
import java.util.Map;
import org.apache.avro.Schema;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * A pipeline document built in code: the tree a pipeline file holds, as maps, lists and strings,
 * compiled by the same compiler as a file, so every rule and error message is the file's.
 *
 * <p>The tree is written as YAML and read back, so what the compiler sees is exactly a file. Errors
 * name the document instead of a file, with no line or column (the YAML is generated), and keep the
 * key path, such as {@code steps[1].select.TotalAmount}.
 */
public final class PipelineDocument {

    private PipelineDocument() {}

    /**
     * Compiles a pipeline document.
     *
     * @param document the top-level mapping, with the keys of a pipeline file; values are maps,
     *     lists, strings, numbers, booleans or null
     * @param name how errors and the plan name the document, such as {@code java:my-pipeline}
     * @param baseDirectory the directory relative paths (schema files, format options) resolve
     *     against
     * @param givenSchemas schemas given in code, by the text a {@code schema} key holds in their
     *     place
     * @throws PipelineFileException when the document is invalid, located by name and key path
     */
    public static CompiledPipeline compile(
            Map<String, ?> document,
            String name,
            Path baseDirectory,
            Map<String, Schema> givenSchemas) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        String yaml = new Yaml(options).dump(document);
        PipelineCompiler compiler =
                new PipelineCompiler(
                        name,
                        () -> YamlDocument.parse(yaml, name),
                        new PipelineResources(baseDirectory, givenSchemas),
                        false);
        try {
            return compiler.compile();
        } catch (PipelineFileException e) {
            // lines and columns of the generated YAML would mean nothing to the caller
            throw new PipelineFileException(
                    FileLocation.wholeFile(name), e.keyPath(), e.reason(), e.getCause());
        }
    }
}
