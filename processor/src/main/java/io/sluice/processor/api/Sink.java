package io.sluice.processor.api;

import java.util.Map;
import org.apache.avro.Schema;

/**
 * Where a pipeline's rows go, as a pipeline file's {@code sink}: a Kafka topic ({@link #topic}) or
 * the console ({@link #console}).
 */
public abstract sealed class Sink permits KafkaSink, ConsoleSink {

    Sink() {}

    /** Writes to {@code topic} inside each batch's transaction; give it a format. */
    public static KafkaSink topic(String topic) {
        return new KafkaSink(topic);
    }

    /** Prints at most 20 rows of each batch. */
    public static ConsoleSink console() {
        return new ConsoleSink(null);
    }

    /** Prints at most {@code maxRows} rows of each batch. */
    public static ConsoleSink console(int maxRows) {
        return new ConsoleSink(maxRows);
    }

    /** The {@code sink} section; a schema object goes to {@code givenSchemas}. */
    abstract Map<String, Object> section(Map<String, Schema> givenSchemas);
}
