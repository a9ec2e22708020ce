package io.sluice.processor.pipeline;

import io.sluice.serdes.Codecs;
import io.sluice.serdes.FormatSpec;
import io.sluice.serdes.RowDecoder;
import io.sluice.serdes.RowEncoder;
import io.sluice.serdes.Schemas;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.avro.Schema;

/**
 * The format part of a source or sink section: {@code format}, its {@code options} and a {@code
 * schema} file, turned into a serdes {@link FormatSpec} with errors located in the file.
 *
 * @param name the format's name as written
 * @param spec the format and its options
 * @param section the section the keys were read from, to locate later errors
 */
record FormatSection(String name, FormatSpec spec, YamlMapping section) {

    /** The format names serdes knows, in the order the reference lists them. */
    static final List<String> FORMATS =
            List.of("json", "csv", "avro", "avro-single-object", "avro-confluent");

    /** Reads {@code format} (required) and {@code options} (optional) of a section. */
    static FormatSection read(YamlMapping section, Path baseDirectory) {
        Map<String, String> formats = new LinkedHashMap<>();
        FORMATS.forEach(f -> formats.put(f, f));
        String name =
                section.required("format", "one of " + String.join(", ", FORMATS)).choice(formats);
        Map<String, String> options = new LinkedHashMap<>();
        Optional<YamlNode> optionsNode = section.optional("options");
        if (optionsNode.isPresent()) {
            YamlMapping mapping = optionsNode.get().anyMapping("a mapping of format options");
            for (YamlMapping.Entry entry : mapping.entries()) {
                options.put(entry.key(), entry.value().anyText("an option value"));
            }
        }
        try {
            return new FormatSection(name, FormatSpec.of(name, options, baseDirectory), section);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw optionError(section, options, e);
        }
    }

    /** An error at the option the message names in quotes, else at the options or the format. */
    private static PipelineFileException optionError(
            YamlMapping section, Map<String, String> options, RuntimeException e) {
        String reason = e.getMessage();
        Optional<YamlNode> optionsNode = section.optional("options");
        if (optionsNode.isPresent()) {
            YamlMapping mapping = optionsNode.get().anyMapping("options");
            for (String key : options.keySet()) {
                if (reason.contains("'" + key + "'")) {
                    return mapping.errorAtKey(key, reason);
                }
            }
            return optionsNode.get().error(reason, e);
        }
        return section.required("format", "a format").error(reason, e);
    }

    /** Reads the Avro schema file named by {@code node}, relative to {@code baseDirectory}. */
    static Schema schemaFile(YamlNode node, Path baseDirectory) {
        String text =
                node.text("the path of an Avro schema file (.avsc), relative to the pipeline file");
        Path file = baseDirectory.resolve(text);
        if (!Files.isRegularFile(file)) {
            throw node.error(
                    "schema file not found at " + file + "; expected an Avro schema file (.avsc)");
        }
        Schema schema;
        try {
            schema = Schemas.parse(file);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw node.error(e.getMessage() + "; expected an Avro schema (.avsc)", e);
        }
        return requireRecord(node, schema);
    }

    /** {@code schema}, the schema {@code node} names, when it is a record schema. */
    static Schema requireRecord(YamlNode node, Schema schema) {
        if (schema.getType() != Schema.Type.RECORD) {
            throw node.error(
                    "the schema is "
                            + TypeNames.of(schema)
                            + "; expected a record schema (\"type\": \"record\")");
        }
        return schema;
    }

    /** Makes decoders of rows of {@code schema}, after checking that one can be built. */
    Supplier<RowDecoder> decoders(Schema schema) {
        try {
            Codecs.decoder(spec, schema);
        } catch (IllegalArgumentException e) {
            throw formatError(schema, e);
        }
        return () -> Codecs.decoder(spec, schema);
    }

    /** Makes encoders of rows of {@code schema}, after checking that one can be built. */
    Supplier<RowEncoder> encoders(Schema schema) {
        try {
            Codecs.encoder(spec, schema);
        } catch (IllegalArgumentException e) {
            throw formatError(schema, e);
        }
        return () -> Codecs.encoder(spec, schema);
    }

    private PipelineFileException formatError(Schema schema, RuntimeException e) {
        return section.required("format", "a format")
                .error(
                        "format "
                                + name
                                + " cannot hold rows of "
                                + schema.getFullName()
                                + ": "
                                + e.getMessage()
                                + "; expected a schema the format can represent",
                        e);
    }
}
