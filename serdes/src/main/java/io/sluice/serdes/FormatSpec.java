package io.sluice.serdes;

import io.sluice.serdes.avro.ConfluentSchemaDirectory;
import io.sluice.serdes.avro.SchemaStore;
import io.sluice.serdes.csv.CsvOptions;
import io.sluice.serdes.internal.OptionMap;
import io.sluice.serdes.json.JsonOptions;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A format spec names a record format and its options: what {@link Codecs} needs, besides the row
 * schema, to build a decoder or encoder.
 */
public sealed interface FormatSpec
        permits FormatSpec.Json,
                FormatSpec.Csv,
                FormatSpec.Avro,
                FormatSpec.AvroSingleObject,
                FormatSpec.AvroConfluent {

    /** One JSON object per record. */
    record Json(JsonOptions options) implements FormatSpec {
        public Json {
            Objects.requireNonNull(options, "options");
        }
    }

    /** One CSV line per record. */
    record Csv(CsvOptions options) implements FormatSpec {
        public Csv {
            Objects.requireNonNull(options, "options");
        }
    }

    /**
     * Plain Avro binary.
     *
     * @param writerSchema the schema the bytes were written with; empty when it is the row schema
     */
    record Avro(Optional<org.apache.avro.Schema> writerSchema) implements FormatSpec {
        public Avro {
            Objects.requireNonNull(writerSchema, "writerSchema");
        }

        /** Avro written with the row schema itself. */
        public static Avro sameAsRow() {
            return new Avro(Optional.empty());
        }
    }

    /**
     * Single-object encoded Avro; the store resolves writer fingerprints (the row schema always).
     */
    record AvroSingleObject(SchemaStore store) implements FormatSpec {
        public AvroSingleObject {
            Objects.requireNonNull(store, "store");
        }
    }

    /**
     * Avro in the Confluent wire format.
     *
     * @param directory maps schema ids to schemas
     * @param schemaId the id encoders write; empty for the directory's id of the row schema
     */
    record AvroConfluent(ConfluentSchemaDirectory directory, OptionalInt schemaId)
            implements FormatSpec {
        public AvroConfluent {
            Objects.requireNonNull(directory, "directory");
            Objects.requireNonNull(schemaId, "schemaId");
        }
    }

    /**
     * Reads a format and its options from a pipeline file.
     *
     * <p>Formats: {@code json}, {@code csv} (options in {@link JsonOptions#KEYS}, {@link
     * CsvOptions#KEYS}), {@code avro} (option {@code writerSchema}: an .avsc file), {@code
     * avro-single-object} (option {@code schemaDirectory}: a directory of .avsc files), {@code
     * avro-confluent} (options {@code schemaDirectory}, required, and {@code schemaId}).
     *
     * @param baseDirectory the directory that relative paths in options are resolved against
     * @throws IllegalArgumentException naming an unknown format, an unknown key or a bad value
     */
    static FormatSpec of(String format, Map<String, String> options, Path baseDirectory) {
        switch (format) {
            case "json":
                return new Json(JsonOptions.fromMap(options));
            case "csv":
                return new Csv(CsvOptions.fromMap(options));
            case "avro":
                {
                    OptionMap map = OptionMap.of(format, options, Set.of("writerSchema"));
                    return new Avro(
                            map.string("writerSchema")
                                    .map(p -> Schemas.parse(baseDirectory.resolve(p))));
                }
            case "avro-single-object":
                {
                    OptionMap map = OptionMap.of(format, options, Set.of("schemaDirectory"));
                    return new AvroSingleObject(
                            map.string("schemaDirectory")
                                    .map(p -> SchemaStore.fromDirectory(baseDirectory.resolve(p)))
                                    .orElse(SchemaStore.of(Set.of())));
                }
            case "avro-confluent":
                {
                    OptionMap map =
                            OptionMap.of(format, options, Set.of("schemaDirectory", "schemaId"));
                    String directory =
                            map.string("schemaDirectory")
                                    .orElseThrow(
                                            () ->
                                                    new IllegalArgumentException(
                                                            "avro-confluent needs option 'schemaDirectory': a directory of <id>.avsc files"));
                    OptionalInt id =
                            map.string("schemaId").isPresent()
                                    ? OptionalInt.of(map.positiveInt("schemaId", 1))
                                    : OptionalInt.empty();
                    return new AvroConfluent(
                            ConfluentSchemaDirectory.load(baseDirectory.resolve(directory)), id);
                }
            default:
                throw new IllegalArgumentException(
                        "unknown format '"
                                + format
                                + "'; known formats: json, csv, avro, avro-single-object, avro-confluent");
        }
    }
}
