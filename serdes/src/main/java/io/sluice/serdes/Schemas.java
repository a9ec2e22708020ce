package io.sluice.serdes;

import com.fasterxml.jackson.core.JacksonException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;

/** Schemas parses Avro schema ({@code .avsc}) text with errors that say which file was wrong. */
public final class Schemas {

    private Schemas() {}

    /**
     * The only non-null branch of a union such as {@code [null, T]}; any other schema as it is.
     * Whether a schema accepts null is Avro's own {@link Schema#isNullable()}.
     */
    public static Schema nonNull(Schema schema) {
        if (schema.getType() != Schema.Type.UNION) {
            return schema;
        }
        Schema found = null;
        for (Schema branch : schema.getTypes()) {
            if (branch.getType() != Schema.Type.NULL) {
                if (found != null) {
                    return schema;
                }
                found = branch;
            }
        }
        return found == null ? schema : found;
    }

    /**
     * Parses an {@code .avsc} file; each call uses a fresh parser, so files never clash by name.
     *
     * @throws IllegalArgumentException naming the file when it is not a valid Avro schema, and the
     *     line and column of a JSON syntax error
     * @throws UncheckedIOException when the file cannot be read
     */
    public static Schema parse(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read Avro schema file " + file, e);
        }
        return parse(text, file.toString());
    }

    /**
     * Parses Avro schema JSON text.
     *
     * @throws IllegalArgumentException when the text is not a valid Avro schema
     */
    public static Schema parse(String schemaJson) {
        return parse(schemaJson, "schema text");
    }

    private static Schema parse(String text, String source) {
        try {
            return new Schema.Parser().parse(text);
        } catch (AvroRuntimeException e) {
            // Avro wraps Jackson's syntax errors whole: class name, message and "[Source: ...]"
            JacksonException syntax = JsonErrors.find(e.getCause());
            throw new IllegalArgumentException(
                    "invalid Avro schema in "
                            + (syntax != null
                                    ? JsonErrors.describe(source, syntax)
                                    : source + ": " + e.getMessage()),
                    e);
        }
    }
}
