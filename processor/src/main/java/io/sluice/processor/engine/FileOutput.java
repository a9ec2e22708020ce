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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * (the batch id) is sent to the batch-plans topic under the key {@code <instance>/files/<run>}
 * inside the batch's transaction. After the commit the pending entry is renamed to the committed
 * one; after an abort the batch's files and pending entry are deleted (and no later batch commits
 * until they are). On start, {@link #open} settles what earlier runs left: a pending entry whose
 * run's last committed mark is at or past its batch id committed, the crash coming between the
 * commit and the rename, and is promoted unless its batch has a committed entry already; any other
 * pending entry is deleted with its files; the temporary directory is emptied. The run id, drawn at
 * each start, keeps the files of two runs of one instance apart: a stalled run that is fenced
 * deletes only its own files, never those its replacement wrote for the same batch. A replay in the
 * same run (same id, same ranges) writes the same names again. Used by the batch thread only.
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
        this.markKey = markKey();
        this.manifestDirectory = plan.directory().resolve(FileSinkManifest.DIRECTORY);
        this.tempDirectory =
                plan.directory().resolve(FileSinkManifest.TEMP_DIRECTORY).resolve(instanceId);
        this.encoder = plan.encoders().get();
    }

    /** The key prefix of an instance's commit marks in the batch-plans topic. */
    static String markPrefix(String instanceId) {
        return instanceId + "/files/";
    }

    /** The key of a run's commit marks: {@code <instance>/files/<run>}, one per run compacted. */
    private byte[] markKey() {
        return (markPrefix(instanceId) + runId).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Opens the sink directory for {@code instanceId} and settles what an earlier run left.
     *
     * @param markTopic where commit marks go (the batch-plans topic)
     * @param committedMarks per run of this instance, the last batch id its committed transactions
     *     marked
     * @throws ConfigException when the directory cannot be created or settled
     */
    static FileOutput open(
            SinkPlan.Files plan,
            String instanceId,
            String markTopic,
            Map<String, Long> committedMarks) {
        FileOutput output = new FileOutput(plan, instanceId, markTopic);
        try {
            Files.createDirectories(output.manifestDirectory);
            Files.createDirectories(output.tempDirectory);
            Files.createDirectories(plan.directory().resolve(instanceId));
            output.recover(committedMarks);
        } catch (IOException | UncheckedIOException e) {
            throw new ConfigException(
                    "cannot open the file sink directory " + plan.directory() + ": " + e, e);
        }
        return output;
    }

    /**
     * Settles the pending entries earlier runs of this instance left: one whose run marked its
     * batch id or a later one in a committed transaction committed (the crash came between the
     * commit and the rename) and is promoted; any other is deleted with its files.
     */
    private void recover(Map<String, Long> committedMarks) throws IOException {
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
        for (FileSinkManifest entry : pendings) {
            // a run's batches commit in id order, and one aborted is deleted before the next
            // commits: a mark at or past a batch id means that batch committed
            long marked = committedMarks.getOrDefault(entry.runId(), -1L);
            if (entry.batchId() <= marked) {
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
        sender.send(
                new ProducerRecord<>(
                        markTopic,
                        0,
                        markKey,
                        Long.toString(batchId).getBytes(StandardCharsets.UTF_8)));
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
