package io.sluice.serdes.avro;

import io.sluice.serdes.Schemas;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.avro.Schema;

/**
 * A Confluent schema directory maps the schema ids of the Confluent wire format to Avro schemas,
 * without a registry: ids come from schema files named {@code <id>.avsc} or {@code
 * <id>-<anything>.avsc} in one directory.
 */
public final class ConfluentSchemaDirectory implements SchemaIdLookup {

    private final Map<Integer, Schema> byId;
    private final Map<Long, Integer> idByFingerprint = new HashMap<>();

    private ConfluentSchemaDirectory(Map<Integer, Schema> byId) {
        this.byId = Map.copyOf(byId);
        for (Map.Entry<Integer, Schema> e : new TreeMap<>(byId).entrySet()) {
            idByFingerprint.putIfAbsent(SchemaStore.fingerprint(e.getValue()), e.getKey());
        }
    }

    /** A directory of the given ids and schemas. */
    public static ConfluentSchemaDirectory of(Map<Integer, Schema> schemasById) {
        return new ConfluentSchemaDirectory(schemasById);
    }

    /**
     * Loads every {@code .avsc} file of a directory; each file name starts with its schema id.
     *
     * @throws IllegalArgumentException naming a file that is not a valid schema, whose name does
     *     not start with an id, or whose id another file already has
     * @throws UncheckedIOException when the directory cannot be listed
     */
    public static ConfluentSchemaDirectory load(Path directory) {
        Map<Integer, Schema> byId = new HashMap<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : (Iterable<Path>) files.sorted()::iterator) {
                String name = file.getFileName().toString();
                if (!name.endsWith(".avsc")) {
                    continue;
                }
                int id = idOf(name, file);
                if (byId.put(id, Schemas.parse(file)) != null) {
                    throw new IllegalArgumentException(
                            "schema id "
                                    + id
                                    + " is used by more than one file in "
                                    + directory
                                    + " ("
                                    + file
                                    + ")");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list schema directory " + directory, e);
        }
        return new ConfluentSchemaDirectory(byId);
    }

    private static int idOf(String name, Path file) {
        int end = 0;
        while (end < name.length() && Character.isDigit(name.charAt(end))) {
            end++;
        }
        char next = end < name.length() ? name.charAt(end) : ' ';
        if (end == 0 || end > 9 || (next != '.' && next != '-')) {
            throw new IllegalArgumentException(
                    "schema file "
                            + file
                            + " must be named <id>.avsc or <id>-<name>.avsc, with a decimal schema id");
        }
        return Integer.parseInt(name.substring(0, end));
    }

    /** The schema with this id, if the directory has it. */
    @Override
    public Optional<Schema> schema(int id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** The lowest id whose schema has the same parsing canonical form as {@code schema}, if any. */
    public OptionalInt idOf(Schema schema) {
        Integer id = idByFingerprint.get(SchemaStore.fingerprint(schema));
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }

    /** The ids and schemas of this directory. */
    public Map<Integer, Schema> schemas() {
        return byId;
    }
}
