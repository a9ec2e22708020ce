package io.sluice.processor.api;

import io.sluice.processor.plan.FileSinkManifest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads what a file sink committed: the files its manifest lists, in batch order (then by instance
 * id, then in the order each batch wrote them). Files the manifest does not list belong to batches
 * in flight or that never committed; readers ignore them, as Spark's readers ignore files missing
 * from {@code _spark_metadata}.
 */
public final class FileSinkReader {

    private FileSinkReader() {}

    /** The committed files of the sink writing to {@code directory}, in batch order. */
    public static List<Path> committedFiles(Path directory) {
        List<Path> files = new ArrayList<>();
        for (FileSinkManifest entry : FileSinkManifest.committed(directory)) {
            entry.files().forEach(f -> files.add(directory.resolve(f)));
        }
        return files;
    }

    /** The lines of every committed file, in batch order (a CSV file's header line included). */
    public static List<String> committedLines(Path directory) {
        List<String> lines = new ArrayList<>();
        for (Path file : committedFiles(directory)) {
            try {
                lines.addAll(Files.readAllLines(file));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read committed file " + file, e);
            }
        }
        return lines;
    }
}
