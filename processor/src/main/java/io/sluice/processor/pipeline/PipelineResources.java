package io.sluice.processor.pipeline;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.Schema;

/**
 * Where a pipeline's files are found: relative paths resolve against a base directory, and a {@code
 * schema} whose text names a schema given in code is that schema, not a file.
 *
 * @param baseDirectory the directory relative paths resolve against
 * @param givenSchemas schemas given in code, by the text a {@code schema} key holds in their place
 */
record PipelineResources(Path baseDirectory, Map<String, Schema> givenSchemas) {

    PipelineResources {
        Objects.requireNonNull(baseDirectory, "baseDirectory");
        givenSchemas = Map.copyOf(givenSchemas);
    }

    /** The record schema a {@code schema} key names: a given schema, else an .avsc file. */
    Schema schema(YamlNode node) {
        Schema given = node.isScalar() ? givenSchemas.get(node.text("a schema")) : null;
        return given != null
                ? FormatSection.requireRecord(node, given)
                : FormatSection.schemaFile(node, baseDirectory);
    }
}
