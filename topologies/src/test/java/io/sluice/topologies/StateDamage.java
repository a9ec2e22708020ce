package io.sluice.topologies;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * What happens to a processor's local state directory between a kill and the restart: nothing, a
 * deleted directory (state must come back from the changelogs), or one task's RocksDB files damaged
 * as a disk or a half-finished copy would leave them.
 */
enum StateDamage {
    NONE,
    DELETED,
    TRUNCATED_SST,
    GARBAGE_IN_CURRENT,
    GARBAGE_IN_MANIFEST;

    private static final byte[] GARBAGE =
            "\u0000\u00ffnot a rocksdb file\n".getBytes(StandardCharsets.ISO_8859_1);

    /** Whether this damage corrupts files rather than removing them. */
    boolean isCorruption() {
        return this != NONE && this != DELETED;
    }

    /**
     * Applies the damage to the state under {@code root} and says what was done, for the report; a
     * corruption picks one task directory (one holding a {@code CURRENT} file) with {@code random},
     * and does nothing when there is none yet.
     */
    String apply(Path root, Random random) throws IOException {
        if (this == NONE) {
            return "kept";
        }
        if (this == DELETED) {
            KilledRuns.deleteRecursively(root);
            return "deleted";
        }
        List<Path> tasks = taskDirectories(root);
        if (tasks.isEmpty()) {
            return "no task state to corrupt";
        }
        Path task = tasks.get(random.nextInt(tasks.size()));
        Path file = target(task, random);
        if (file == null) {
            return "no " + this + " target in " + root.relativize(task);
        }
        if (this == TRUNCATED_SST) {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                channel.truncate(channel.size() / 2);
            }
        } else {
            Files.write(file, GARBAGE);
        }
        return this + " " + root.relativize(file);
    }

    private Path target(Path task, Random random) throws IOException {
        if (this == GARBAGE_IN_CURRENT) {
            return task.resolve("CURRENT");
        }
        String prefix = this == TRUNCATED_SST ? "" : "MANIFEST-";
        String suffix = this == TRUNCATED_SST ? ".sst" : "";
        List<Path> files = new ArrayList<>();
        try (Stream<Path> list = Files.list(task)) {
            list.filter(
                            p -> {
                                String name = p.getFileName().toString();
                                return name.startsWith(prefix) && name.endsWith(suffix);
                            })
                    .sorted()
                    .forEach(files::add);
        }
        return files.isEmpty() ? null : files.get(random.nextInt(files.size()));
    }

    private static List<Path> taskDirectories(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> p.getFileName().toString().equals("CURRENT"))
                    .map(Path::getParent)
                    .sorted()
                    .toList();
        }
    }
}
