package io.sluice.processor.engine;

import io.sluice.processor.BatchRetryException;
import io.sluice.processor.ConfigException;
import io.sluice.processor.plan.FileSinkManifest;
import io.sluice.processor.plan.SinkPlan;
import io.sluice.serdes.CodecException;
import io.sluice.serdes.RowEncoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each batch's rows to files in a directory, one file per input partition, and makes them
 * visible through the directory's manifest (see {@link FileSinkManifest}) once the batch's
 * transaction committed: exactly once, with the Kafka transaction as the coordinator.
 *
 * <p>Implementation notes: rows are encoded as they come and held per input partition. Just before
 * the commit the batch's pending entry is written first (an intent: it names every file about to be
 * written), then each file is written under {@code _sluice_tmp/<instance>/}, forced to disk and
 * moved to {@code <instance>/part-<batchId>-<topic>-<partition>-<run>.<ext>}; then a commit mark
 * (batch id and run id) is sent to the batch-plans topic under the key {@code <instance>/files}
 * inside the batch's transaction. After the commit the pending entry is renamed to the committed
 * one; after an abort the batch's files and pending entry are deleted (and no later batch commits
 * until they are). On start, {@link #open} settles what earlier runs left: a pending entry that the
 * last committed mark covers (a lower batch id, or the same id and run) committed, the crash coming
 * between the commit and the rename, and is promoted unless its batch has a committed entry
 * already; any other pending entry is deleted with its files; the temporary directory is emptied.
 * The run id, drawn at each start, keeps the files of two runs of one instance apart: a stalled run
 * that is fenced deletes only its own files, never those its replacement wrote for the same batch.
 * A replay in the same run (same id, same ranges) writes the same names again. Used by the batch
 * thread only.
 */
final class FileOutput implements OutputWriter {
    private static final Logger log = LoggerFactory.getLogger(FileOutput.class);
    private static final String AGGREGATED = ""; // the group of rows without an input record

    private final SinkPlan.Files plan;
    private final String instanceId;
    private final String runId = String.format("%08x", new SecureRandom().nextInt());
    private final String markTopic;
    private final byte[] markKey;
    private final Path manifestDirectory;
    private final Path tempDirectory;
    private final RowEncoder encoder;
    private final Map<String, ByteArrayOutputStream> batch = new LinkedHashMap<>();
    private final List<byte[]> prepared = new ArrayList<>();
    private final List<FileSinkManifest> unpromoted = new ArrayList<>();
    // aborted batches whose files could not be deleted: no batch commits until they are, or a
    // later mark would make the next start take them for committed
    private final List<FileSinkManifest> undeleted = new ArrayList<>();
    private String preparedGroup;
    private FileSinkManifest pending; // written by beforeCommit, until committed or aborted

    private FileOutput(SinkPlan.Files plan, String instanceId, String markTopic) {
        this.plan = plan;
        this.instanceId = instanceId;
        this.markTopic = markTopic;
        this.markKey = markKey(instanceId);
        this.manifestDirectory = plan.directory().resolve(FileSinkManifest.DIRECTORY);
        this.tempDirectory =
                plan.directory().resolve(FileSinkManifest.TEMP_DIRECTORY).resolve(instanceId);
        this.encoder = plan.encoders().get();
    }

    /**
     * A commit mark: the batch id and run id of a batch whose files committed.
     *
     * @param batchId the batch's id
     * @param runId the run that wrote its files
     */
    record Mark(long batchId, String runId) {
        /** The mark as sent: {@code <batchId> <runId>}. */
        byte[] encode() {
            return (batchId + " " + runId).getBytes(StandardCharsets.UTF_8);
        }

        static Mark decode(byte[] value) {
            String[] parts = new String(value, StandardCharsets.UTF_8).split(" ", 2);
            return new Mark(Long.parseLong(parts[0]), parts.length > 1 ? parts[1] : "");
        }
    }

    /** The key of an instance's commit marks in the batch-plans topic. */
    static byte[] markKey(String instanceId) {
        return (instanceId + "/files").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Opens the sink directory for {@code instanceId} and settles what an earlier run left.
     *
     * @param markTopic where commit marks go (the batch-plans topic)
     * @param lastCommittedMark the last mark this instance's committed transactions sent, if any
     * @throws ConfigException when the directory cannot be created or settled
     */
    static FileOutput open(
            SinkPlan.Files plan,
            String instanceId,
            String markTopic,
            Optional<Mark> lastCommittedMark) {
        FileOutput output = new FileOutput(plan, instanceId, markTopic);
        try {
            Files.createDirectories(output.manifestDirectory);
            Files.createDirectories(output.tempDirectory);
            Files.createDirectories(plan.directory().resolve(instanceId));
            output.recover(lastCommittedMark);
        } catch (IOException | UncheckedIOException e) {
            throw new ConfigException(
                    "cannot open the file sink directory " + plan.directory() + ": " + e, e);
        }
        return output;
    }

    /**
     * Settles the pending entries an earlier run of this instance left: one committed (its mark or
     * a later one is committed, and no committed entry holds its batch yet) is promoted, any other
     * is deleted with its files.
     */
    private void recover(Optional<Mark> last) throws IOException {
        deleteContents(tempDirectory);
        List<FileSinkManifest> pendings = new ArrayList<>();
        try (Stream<Path> entries = Files.list(manifestDirectory)) {
            for (Path file : (Iterable<Path>) entries::iterator) {
                if (file.getFileName().toString().endsWith(FileSinkManifest.PENDING)) {
                    FileSinkManifest.read(file)
                            .filter(e -> e.instanceId().equals(instanceId))
                            .ifPresent(pendings::add);
                }
            }
        }
        // the marked run first: of two runs' entries of one batch (a zombie's), the marked one won
        pendings.sort(
                Comparator.comparing(
                        (FileSinkManifest e) ->
                                !last.map(m -> m.runId().equals(e.runId())).orElse(false)));
        for (FileSinkManifest entry : pendings) {
            if (isCommitted(entry, last)
                    && !Files.exists(manifestDirectory.resolve(entry.entryName()))) {
                log.info(
                        "File sink: batch {} committed before a restart; promoting its manifest entry",
                        entry.batchId());
                promote(entry);
            } else {
                log.info(
                        "File sink: batch {} of run {} did not commit; deleting its files",
                        entry.batchId(),
                        entry.runId());
                delete(entry);
            }
        }
    }

    private static boolean isCommitted(FileSinkManifest entry, Optional<Mark> last) {
        if (last.isEmpty() || entry.batchId() > last.get().batchId()) {
            return false;
        }
        return entry.batchId() < last.get().batchId() || entry.runId().equals(last.get().runId());
    }

    @Override
    public String prepare(List<GenericRecord> rows, ConsumerRecord<byte[], byte[]> input) {
        prepared.clear();
        preparedGroup = input == null ? AGGREGATED : input.topic() + "-" + input.partition();
        ByteArrayOutputStream file = batch.get(preparedGroup);
        boolean first = file == null || file.size() == 0;
        try {
            for (GenericRecord row : rows) {
                prepared.add(
                        first ? plan.firstRowEncoders().get().encode(row) : encoder.encode(row));
                first = false;
            }
        } catch (CodecException e) {
            prepared.clear();
            return e.getMessage();
        }
        return null;
    }

    @Override
    public int write(RecordProcessor.Sender sender, Callback sent) {
        ByteArrayOutputStream file =
                batch.computeIfAbsent(preparedGroup, g -> new ByteArrayOutputStream());
        for (byte[] line : prepared) {
            file.write(line, 0, line.length);
            file.write('\n');
        }
        int written = prepared.size();
        prepared.clear();
        return written;
    }

    @Override
    public void beforeCommit(long batchId, RecordProcessor.Sender sender) {
        deleteAborted(batchId);
        if (batch.isEmpty()) {
            return;
        }
        List<String> files = new ArrayList<>();
        for (String group : batch.keySet()) {
            files.add(instanceId + "/" + fileName(batchId, group));
        }
        pending = new FileSinkManifest(batchId, instanceId, runId, files);
        try {
            // the intent first: a crash from here on leaves an entry that names every file
            writeAtomically(manifestDirectory.resolve(pending.pendingName()), pending.encode());
            int i = 0;
            for (ByteArrayOutputStream content : batch.values()) {
                writeAtomically(plan.directory().resolve(files.get(i++)), content.toByteArray());
            }
            force(plan.directory().resolve(instanceId));
        } catch (IOException | UncheckedIOException e) {
            throw new BatchRetryException(
                    "cannot write the files of batch "
                            + batchId
                            + " to "
                            + plan.directory()
                            + ": "
                            + e,
                    e);
        }
        batch.clear();
        sender.send(new ProducerRecord<>(markTopic, 0, markKey, new Mark(batchId, runId).encode()));
    }

    @Override
    public void afterCommit(long batchId) {
        if (pending != null && pending.batchId() == batchId) {
            unpromoted.add(pending);
        }
        pending = null;
        batch.clear();
        // a rename that failed is tried again after the next commit, and on start
        for (var it = unpromoted.iterator(); it.hasNext(); ) {
            FileSinkManifest entry = it.next();
            try {
                promote(entry);
                it.remove();
            } catch (IOException | UncheckedIOException e) {
                log.error(
                        "File sink: batch {} committed but its manifest entry could not be"
                                + " renamed; retrying after the next batch: {}",
                        entry.batchId(),
                        e.toString());
            }
        }
    }

    @Override
    public void afterAbort() {
        prepared.clear();
        batch.clear();
        if (pending != null) {
            undeleted.add(pending);
            try {
                deleteAborted(-1);
            } catch (BatchRetryException e) {
                log.warn("File sink: {}; retrying before the next batch", e.getMessage());
            }
            pending = null;
        }
    }

    /**
     * Deletes the files of aborted batches.
     *
     * @throws BatchRetryException when some cannot be deleted
     */
    private void deleteAborted(long batchId) {
        for (var it = undeleted.iterator(); it.hasNext(); ) {
            FileSinkManifest entry = it.next();
            try {
                delete(entry);
                it.remove();
            } catch (IOException | UncheckedIOException e) {
                throw new BatchRetryException(
                        "cannot delete the files of aborted batch "
                                + entry.batchId()
                                + (batchId >= 0 ? " before batch " + batchId : "")
                                + " in "
                                + plan.directory()
                                + ": "
                                + e,
                        e);
            }
        }
    }

    /** The name of the file of {@code group}'s rows in batch {@code batchId}. */
    private String fileName(long batchId, String group) {
        return "part-"
                + batchId
                + (group.isEmpty() ? "" : "-" + group)
                + "-"
                + runId
                + "."
                + plan.extension();
    }

    private void promote(FileSinkManifest entry) throws IOException {
        Files.move(
                manifestDirectory.resolve(entry.pendingName()),
                manifestDirectory.resolve(entry.entryName()),
                StandardCopyOption.ATOMIC_MOVE);
        force(manifestDirectory);
    }

    /** Deletes an uncommitted batch's files, then its pending entry. */
    private void delete(FileSinkManifest entry) throws IOException {
        for (String file : entry.files()) {
            Files.deleteIfExists(plan.directory().resolve(file));
        }
        Files.deleteIfExists(manifestDirectory.resolve(entry.pendingName()));
    }

    /** Writes {@code content} to {@code target} through a temporary file forced to disk. */
    private void writeAtomically(Path target, byte[] content) throws IOException {
        Path temp = tempDirectory.resolve(target.getFileName().toString());
        try (FileChannel channel =
                FileChannel.open(
                        temp,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING)) {
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
        Files.move(
                temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        force(target.getParent());
    }

    /** Forces a directory's entries to disk, where the file system allows it. */
    private static void force(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // some file systems cannot open a directory; the renames are still atomic there
            log.debug("cannot force directory {}: {}", directory, e.toString());
        }
    }

    private static void deleteContents(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                try {
                    Files.deleteIfExists(file);
                } catch (NoSuchFileException e) {
                    // gone already
                }
            }
        }
    }
}
