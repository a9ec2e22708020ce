package io.sluice.processor.api;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.Schema;

/** A sink that prints the rows of each batch: {@link Sink#console()}. */
public final class ConsoleSink extends Sink {
    private final Integer maxRows;

    /**
     * @param maxRows the most rows printed per batch; null for the default
     */
    ConsoleSink(Integer maxRows) {
        this.maxRows = maxRows;
    }

    @Override
    Map<String, Object> section(Map<String, Schema> givenSchemas) {
        Map<String, Object> section = new LinkedHashMap<>();
        section.put("type", "console");
        if (maxRows != null) {
            section.put("maxRows", maxRows);
        }
        return section;
    }
}
