package io.sluice.processor.api;

import io.sluice.processor.pipeline.CompiledPipeline;
import io.sluice.processor.pipeline.PipelineFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;

/** Pipeline files written for a test, to compare with the same pipeline built in Java. */
final class FilePlans {
    private static final Schema TIMESTAMP =
            org.apache.avro.LogicalTypes.timestampMillis()
                    .addToSchema(Schema.create(Schema.Type.LONG));

    /** A click of a user: user, action, time, amount, tags. */
    static final Schema CLICK =
            SchemaBuilder.record("Click")
                    .namespace("io.sluice.test")
                    .fields()
                    .requiredString("user")
                    .requiredString("action")
                    .name("time")
                    .type(TIMESTAMP)
                    .noDefault()
                    .requiredLong("amount")
                    .name("tags")
                    .type()
                    .array()
                    .items()
                    .stringType()
                    .noDefault()
                    .endRecord();

    private final Path directory;

    /** Files in {@code directory}, with the click schema as {@code click.avsc}. */
    FilePlans(Path directory) {
        this.directory = directory;
        write("click.avsc", CLICK.toString(true));
    }

    /** Compiles the pipeline file {@code yaml}, which may name {@code click.avsc}. */
    CompiledPipeline compile(String yaml) {
        return PipelineFile.load(write("pipeline.yaml", yaml));
    }

    /** The plan as {@code sluice validate} prints it, without the line naming the file. */
    static String printed(CompiledPipeline pipeline) {
        String text = pipeline.describe();
        return text.substring(text.indexOf('\n') + 1);
    }

    private Path write(String name, String text) {
        try {
            return Files.writeString(directory.resolve(name), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
