package io.sluice.serdes.avro;

import io.sluice.serdes.Schemas;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;

/**
 * A schema store finds writer schemas by their 64-bit Rabin fingerprint, as single-object encoded
 * Avro names them.
 */
public interface SchemaStore {

    /** The schema with this fingerprint of its parsing canonical form, if the store has it. */
    Optional<Schema> findByFingerprint(long fingerprint);

    /** The CRC-64-AVRO fingerprint of a schema's parsing canonical form. */
    static long fingerprint(Schema schema) {
        return SchemaNormalization.parsingFingerprint64(schema);
    }

    /** A store holding exactly the given schemas. */
    static SchemaStore of(Collection<Schema> schemas) {
        Map<Long, Schema> byFingerprint = new HashMap<>();
        for (Schema schema : schemas) {
            byFingerprint.put(fingerprint(schema), schema);
        }
        return fingerprint -> Optional.ofNullable(byFingerprint.get(fingerprint));
    }

    /**
     * A store holding every {@code .avsc} file in a directory, each parsed on its own.
     *
     * @throws IllegalArgumentException naming the file when one is not a valid schema
     * @throws UncheckedIOException when the directory cannot be listed
     */
    static SchemaStore fromDirectory(Path directory) {
        List<Schema> schemas = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            files.filter(f -> f.getFileName().toString().endsWith(".avsc"))
                    .sorted()
                    .forEach(f -> schemas.add(Schemas.parse(f)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list schema directory " + directory, e);
        }
        return of(schemas);
    }
}
