package io.sluice.processor.api;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.Schema;

/** A sink that writes files to a directory: {@link Sink#files}. */
public final class FileSink extends Sink {
    private final Map<String, Object> section = new LinkedHashMap<>();
    private final Map<String, String> options = new LinkedHashMap<>();

    FileSink(Path directory, String format) {
        section.put("type", "file");
        section.put(
                "path", Objects.requireNonNull(directory, "directory").toAbsolutePath().toString());
        section.put("format", Objects.requireNonNull(format, "format"));
    }

    /** An option of the format (such as a CSV delimiter). */
    public FileSink option(String key, String value) {
        options.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
        return this;
    }

    @Override
    Map<String, Object> section(Map<String, Schema> givenSchemas) {
        Map<String, Object> copy = new LinkedHashMap<>(section);
        if (!options.isEmpty()) {
            copy.put("options", new LinkedHashMap<>(options));
        }
        return copy;
    }
}
