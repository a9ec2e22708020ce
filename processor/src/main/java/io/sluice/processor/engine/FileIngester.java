package io.sluice.processor.engine;

import io.sluice.processor.SluiceException;
import io.sluice.processor.plan.IngestPlan;
import io.sluice.processor.plan.InternalTopics;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ingests the new files of a directory: each file's lines and a marker naming the file go to Kafka
 * in one transaction, so a file is ingested whole and once, across crashes.
 *
 * <p>Implementation notes: the markers are the compacted topic {@code <name>-ingest-files}, keyed
 * by file name. On start the ingester's producer fences any older one (aborting its open
 * transaction), then the ingester reads every committed marker: those files are done. A process
 * killed mid-file left its transaction open; it is aborted, so that file is ingested again whole.
 * Files are taken in name order; names starting with '.' or '_' are skipped (write there, then
 * rename), as are files not matching the pattern and anything that is not a regular file. A file
 * that cannot be read is tried again every turn, and the files after it wait (name order holds); in
 * continuous mode a WARN log names the file and the cause, once per cause; under {@code
 * availableNow} it fails the run, naming the file, since the run could not take what was there.
 */
final class FileIngester extends Ingester {
    private static final Logger log = LoggerFactory.getLogger(FileIngester.class);
    private static final Duration TURN_INTERVAL = Duration.ofMillis(200);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(500);

    private final IngestPlan.Files source;
    private final String markers;
    private final Supplier<Consumer<byte[], byte[]>> consumers;
    private final Set<String> done = new HashSet<>();
    private final Map<String, String> unreadable = new HashMap<>(); // file name to cause logged

    FileIngester(
            String pipeline,
            IngestPlan.Files source,
            IngestProducer producer,
            Supplier<Consumer<byte[], byte[]>> consumers) {
        super(pipeline, producer, TURN_INTERVAL);
        this.source = source;
        this.markers = InternalTopics.ingestedFiles(pipeline);
        this.consumers = consumers;
    }

    @Override
    void recover() {
        done.clear();
        TopicPartition partition = new TopicPartition(markers, 0);
        try (Consumer<byte[], byte[]> consumer = consumers.get()) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            while (consumer.position(partition) < end) {
                for (ConsumerRecord<byte[], byte[]> marker : consumer.poll(POLL_TIMEOUT)) {
                    if (marker.key() != null && marker.value() != null) {
                        done.add(new String(marker.key(), StandardCharsets.UTF_8));
                    }
                }
            }
        }
        log.info(
                "Pipeline {}: {} files of {} were ingested before",
                pipeline,
                done.size(),
                describe());
    }

    @Override
    void turn() {
        for (Path file : newFiles()) {
            if (isStopping()) {
                return;
            }
            String name = file.getFileName().toString();
            try {
                long lines = ingest(file, name);
                done.add(name);
                unreadable.remove(name);
                log.info("Pipeline {}: ingested {} ({} lines)", pipeline, file, lines);
            } catch (UncheckedIOException e) {
                String cause = e.getCause().toString();
                if (isCatchingUp()) {
                    throw new SluiceException(
                            "Pipeline "
                                    + pipeline
                                    + ": cannot read the source file "
                                    + file
                                    + " ("
                                    + cause
                                    + "); it and the files after it were not ingested",
                            e.getCause());
                }
                // the transaction ran no further than the failure; the next turn tries again
                if (!cause.equals(unreadable.put(name, cause))) {
                    log.warn(
                            "Pipeline {}: cannot read {}; retrying every {} ms, the files after it"
                                    + " wait: {}",
                            pipeline,
                            file,
                            TURN_INTERVAL.toMillis(),
                            cause);
                }
                aborted();
                producer.open();
                return;
            }
        }
    }

    @Override
    void aborted() {
        // done holds committed files only: nothing to forget
    }

    @Override
    String describe() {
        return source.describe();
    }

    /** The files not ingested yet, in name order. */
    private List<Path> newFiles() {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> entries =
                Files.newDirectoryStream(source.directory(), source.pattern())) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (!name.startsWith(".")
                        && !name.startsWith("_")
                        && !done.contains(name)
                        && Files.isRegularFile(entry)) {
                    files.add(entry);
                }
            }
        } catch (IOException e) {
            log.warn(
                    "Pipeline {}: cannot list {}, retrying: {}",
                    pipeline,
                    source.directory(),
                    e.toString());
            return List.of();
        }
        files.sort(null);
        return files;
    }

    /** Writes the lines of {@code file} and its marker in one transaction; the line count. */
    private long ingest(Path file, String name) {
        long[] lines = new long[1];
        long size;
        long modified;
        try {
            size = Files.size(file);
            modified = Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        producer.inTransaction(
                () -> {
                    try (InputStream in = Files.newInputStream(file)) {
                        lines[0] = IngestLines.each(in, line -> producer.send(topic, null, line));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    String marker =
                            String.format(
                                    "{\"size\":%d,\"modified\":%d,\"lines\":%d}",
                                    size, modified, lines[0]);
                    producer.send(
                            markers,
                            name.getBytes(StandardCharsets.UTF_8),
                            marker.getBytes(StandardCharsets.UTF_8));
                });
        return lines[0];
    }
}
