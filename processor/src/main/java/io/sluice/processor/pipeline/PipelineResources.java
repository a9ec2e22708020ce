package io.sluice.processor.pipeline;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.avro.Schema;

/**
 * Where a pipeline's files are found: relative paths resolve against a base directory, and a {@code
 * schema} whose text names a schema given in code is that schema, not a file.
 *
 * @param baseDirectory the directory relative paths resolve against
 * @param givenSchemas schemas given in code, by the text a {@code schema} key holds in their place
 * @param registry the schema registry, when one is configured
 */
record PipelineResources(
        Path baseDirectory, Map<String, Schema> givenSchemas, Optional<RegistryAccess> registry) {

    PipelineResources {
        Objects.requireNonNull(baseDirectory, "baseDirectory");
        givenSchemas = Map.copyOf(givenSchemas);
        Objects.requireNonNull(registry, "registry");
    }

    /** Resources without a schema registry. */
    PipelineResources(Path baseDirectory, Map<String, Schema> givenSchemas) {
        this(baseDirectory, givenSchemas, Optional.empty());
    }

    /** The schema registry that {@code node} (a {@code registry} key) needs. */
    RegistryAccess registry(YamlNode node) {
        return registry.orElseThrow(
                () ->
                        node.error(
                                "no schema registry is configured; expected schema.registry.url"
                                        + " in the service configuration (or"
                                        + " SLUICE_SCHEMA_REGISTRY_URL)"));
    }

    /** The record schema a {@code schema} key names: a given schema, else an .avsc file. */
    Schema schema(YamlNode node) {
        Schema given = node.isScalar() ? givenSchemas.get(node.text("a schema")) : null;
        return given != null
                ? FormatSection.requireRecord(node, given)
                : FormatSection.schemaFile(node, baseDirectory);
    }
}
