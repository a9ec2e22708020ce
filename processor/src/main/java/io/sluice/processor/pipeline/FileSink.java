package io.sluice.processor.pipeline;

import io.sluice.processor.plan.SinkPlan;
import io.sluice.serdes.Codecs;
import io.sluice.serdes.FormatSpec;
import io.sluice.serdes.RowEncoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.apache.avro.Schema;

/**
 * The {@code sink} section of a file sink, {@code {type: file, path: out/, format: json}}: a
 * directory of JSON-lines or CSV files.
 */
final class FileSink {

    private FileSink() {}

    /** Reads a file sink of rows of {@code rows}; its path resolves against the base directory. */
    static SinkPlan.Files read(YamlMapping sink, Schema rows, PipelineResources resources) {
        sink.requireKnownKeys(SinkSection.FILE_KEYS);
        YamlNode pathNode = sink.required("path", "the directory the files go to");
        Path directory =
                resources
                        .baseDirectory()
                        .resolve(pathNode.text("the directory the files go to"))
                        .toAbsolutePath()
                        .normalize();
        if (Files.exists(directory) && !Files.isDirectory(directory)) {
            throw pathNode.error(
                    directory + " is a file; expected a directory (created if missing)");
        }
        FormatSection format = FormatSection.read(sink, resources.baseDirectory());
        Supplier<RowEncoder> encoders = format.encoders(rows);
        if (format.spec() instanceof FormatSpec.Json) {
            return new SinkPlan.Files(directory, "json", "jsonl", rows, encoders, encoders);
        }
        if (format.spec() instanceof FormatSpec.Csv csv) {
            // every file starts with a header line, the rest are rows only
            FormatSpec lines = new FormatSpec.Csv(csv.options().withHeader(false));
            FormatSpec first = new FormatSpec.Csv(csv.options().withHeader(true));
            return new SinkPlan.Files(
                    directory,
                    "csv",
                    "csv",
                    rows,
                    () -> Codecs.encoder(lines, rows),
                    () -> Codecs.encoder(first, rows));
        }
        throw sink.required("format", "a format")
                .error(
                        "a file sink writes text lines; got format "
                                + format.name()
                                + ", expected json or csv");
    }
}
