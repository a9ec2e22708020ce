package io.sluice.processor.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The manifest of a file sink directory: one entry per committed batch of an instance, naming the
 * batch's files, as Spark's {@code _spark_metadata} log does. A file that no committed entry names
 * is not part of the output (it belongs to a batch in flight or one that never committed).
 *
 * <p>Layout under the sink directory: {@code _sluice_manifest/<batchId>-<instanceId>-<runId>} is
 * the committed entry of a batch, {@code _sluice_manifest/<batchId>-<instanceId>-<runId>.pending}
 * the entry of a batch whose transaction has not (yet) committed, {@code _sluice_tmp/<instanceId>/}
 * holds files being written; an entry is JSON: {@code {"batchId": 7, "instanceId": "a", "runId":
 * "3f9a0c1e", "files": ["a/part-7-orders-0-3f9a0c1e.jsonl"]}}, files relative to the sink
 * directory.
 *
 * @param batchId the batch's id
 * @param instanceId the instance that wrote it
 * @param runId names the run (one start of the instance) that wrote it, so that two runs never
 *     write or delete each other's files
 * @param files its files, relative to the sink directory, in the order written
 */
public record FileSinkManifest(long batchId, String instanceId, String runId, List<String> files) {
    /** The manifest's directory under the sink directory. */
    public static final String DIRECTORY = "_sluice_manifest";

    /** The directory of files being written, under the sink directory. */
    public static final String TEMP_DIRECTORY = "_sluice_tmp";

    /** The suffix of an entry whose batch has not committed. */
    public static final String PENDING = ".pending";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Comparator<FileSinkManifest> ORDER =
            Comparator.comparingLong(FileSinkManifest::batchId)
                    .thenComparing(FileSinkManifest::instanceId)
                    .thenComparing(FileSinkManifest::runId);

    public FileSinkManifest {
        Objects.requireNonNull(instanceId, "instanceId");
        Objects.requireNonNull(runId, "runId");
        files = List.copyOf(files);
    }

    /**
     * The name of the committed entry, in the manifest directory. It names the run: an instance's
     * batch ids are not unique across its runs (a restarted instance may take partitions whose last
     * batch id was lower, and a reset starts again at 0), and a later batch with an earlier one's
     * id must not replace its entry.
     */
    public String entryName() {
        return batchId + "-" + instanceId + "-" + runId;
    }

    /** The name of the pending entry, in the manifest directory. */
    public String pendingName() {
        return entryName() + PENDING;
    }

    /** The entry as JSON. */
    public byte[] encode() {
        ObjectNode node = JSON.createObjectNode();
        node.put("batchId", batchId);
        node.put("instanceId", instanceId);
        node.put("runId", runId);
        files.forEach(node.putArray("files")::add);
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads an entry; empty when {@code file} is gone. */
    public static Optional<FileSinkManifest> read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read manifest entry " + file, e);
        }
        try {
            JsonNode node = JSON.readTree(bytes);
            List<String> files = new ArrayList<>();
            node.get("files").forEach(f -> files.add(f.asText()));
            return Optional.of(
                    new FileSinkManifest(
                            node.get("batchId").asLong(),
                            node.get("instanceId").asText(),
                            node.get("runId").asText(),
                            files));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException(
                    "manifest entry " + file + " is not a file sink manifest entry: " + e, e);
        }
    }

    /** The committed entries of a sink directory, by batch id, then instance id, then run id. */
    public static List<FileSinkManifest> committed(Path sinkDirectory) {
        Path manifest = sinkDirectory.resolve(DIRECTORY);
        if (!Files.isDirectory(manifest)) {
            return List.of();
        }
        List<FileSinkManifest> entries = new ArrayList<>();
        try (Stream<Path> files = Files.list(manifest)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String name = file.getFileName().toString();
                if (!name.endsWith(PENDING) && !name.startsWith(".")) {
                    read(file).ifPresent(entries::add);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + manifest, e);
        }
        entries.sort(ORDER);
        return entries;
    }
}
