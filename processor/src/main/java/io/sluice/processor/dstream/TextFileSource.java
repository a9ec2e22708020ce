package io.sluice.processor.dstream;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The lines of the files that appear in a directory, Spark's {@code textFileStream}: each batch
 * holds the lines of the files new since the last batch, file by file in name order. Files there
 * when the stream is made are not read; names starting with '.' or '_' are skipped, so move
 * finished files in (write them elsewhere or under such a name, then rename).
 */
final class TextFileSource implements BatchSource<String> {
    private final Path directory;
    private final Set<String> seen = new HashSet<>();

    TextFileSource(Path directory) {
        Checks.argument(Files.isDirectory(directory), "%s is not a directory", directory);
        this.directory = directory;
        seen.addAll(names());
    }

    @Override
    public List<String> nextBatch(Time time) {
        List<String> fresh = new ArrayList<>(names());
        fresh.removeAll(seen);
        fresh.sort(null);
        List<String> lines = new ArrayList<>();
        for (String name : fresh) {
            try {
                byte[] bytes = Files.readAllBytes(directory.resolve(name));
                new String(bytes, StandardCharsets.UTF_8).lines().forEach(lines::add);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + directory.resolve(name), e);
            }
            seen.add(name);
        }
        return lines;
    }

    private List<String> names() {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (!name.startsWith(".") && !name.startsWith("_") && Files.isRegularFile(entry)) {
                    names.add(name);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory, e);
        }
        return names;
    }
}
