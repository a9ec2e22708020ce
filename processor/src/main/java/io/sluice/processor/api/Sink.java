package io.sluice.processor.api;

import io.sluice.processor.pipeline.CompiledPipeline;
import io.sluice.processor.plan.ForeachWriter;
import io.sluice.processor.plan.MemoryTable;
import java.nio.file.Path;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * Where a pipeline's rows go, as a pipeline file's {@code sink}: a Kafka topic ({@link #topic}),
 * the console ({@link #console}), a directory of files ({@link #files}), an in-process table
 * ({@link #memory}) or a Java writer ({@link #foreach}).
 */
public abstract sealed class Sink
        permits KafkaSink, ConsoleSink, FileSink, MemorySink, ForeachSink {

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

    /**
     * Writes each batch's rows to files in {@code directory} (created if missing), one file per
     * batch and input partition, listed in the directory's manifest once the batch committed;
     * {@code format} is json (JSON lines) or csv. Read the output with {@link FileSinkReader}.
     */
    public static FileSink files(Path directory, String format) {
        return new FileSink(directory, format);
    }

    /**
     * Appends the rows of each committed batch to a new {@link MemoryTable} registered as {@code
     * name} in this process (replacing one of that name), Spark's memory sink: for tests.
     */
    public static MemorySink memory(String name) {
        return new MemorySink(MemoryTable.create(name));
    }

    /**
     * Calls {@code writer} for each row, per batch and input partition, before the batch commits:
     * at least once (see {@link ForeachWriter}).
     */
    public static ForeachSink foreach(ForeachWriter writer) {
        return new ForeachSink(writer);
    }

    /** The compiled pipeline with this sink in its plan; most sinks are there already. */
    CompiledPipeline bind(CompiledPipeline compiled) {
        return compiled;
    }

    /** The {@code sink} section; a schema object goes to {@code givenSchemas}. */
    abstract Map<String, Object> section(Map<String, Schema> givenSchemas);
}
