package io.sluice.processor.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.processor.plan.IngestPlan;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the text lines a TCP server sends to the ingest topic, as Spark's socket source: for demos
 * and tests. A line is processed exactly once once its transaction commits; lines received but not
 * yet committed when the process dies are lost, since a socket cannot be read again.
 *
 * <p>Implementation notes: a reader thread connects (retrying with a backoff from 100 ms to 5 s
 * while the server is away), splits what it reads into lines and queues them, at most {@link
 * #MAX_QUEUED_LINES}: when the queue is full the reader waits, and TCP makes the server wait too.
 * Each turn of the ingester writes the queued lines in one transaction. Lines of an aborted
 * transaction are kept and written by the next. When the ingester stops, for whatever reason, the
 * reader disconnects and ends ({@link #stopped()}). Blank lines are skipped. Without a format each
 * line becomes the JSON row {@code {"value": "<line>"}}.
 */
final class SocketIngester extends Ingester {
    private static final Logger log = LoggerFactory.getLogger(SocketIngester.class);
    private static final Duration TURN_INTERVAL = Duration.ofMillis(50);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final long MIN_BACKOFF_MS = 100;
    private static final long MAX_BACKOFF_MS = 5_000;
    private static final int MAX_LINES_PER_TRANSACTION = 10_000;
    private static final int MAX_QUEUED_LINES = 10_000;
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final IngestPlan.Socket source;
    private final LinkedBlockingQueue<byte[]> received =
            new LinkedBlockingQueue<>(MAX_QUEUED_LINES);
    private final List<byte[]> pending = new ArrayList<>();
    private volatile Socket socket;
    private volatile boolean readerStopping;
    private volatile Thread reader;

    SocketIngester(String pipeline, IngestPlan.Socket source, IngestProducer producer) {
        super(pipeline, producer, TURN_INTERVAL);
        this.source = source;
    }

    @Override
    void recover() {
        if (reader == null) {
            reader = new Thread(this::readLines, "sluice-socket-" + pipeline);
            reader.setDaemon(true);
            reader.start();
        }
    }

    @Override
    void turn() {
        while (pending.size() < MAX_LINES_PER_TRANSACTION) {
            byte[] line = received.poll();
            if (line == null) {
                break;
            }
            pending.add(source.lineAsValue() ? asValueRow(line) : line);
        }
        if (pending.isEmpty()) {
            return;
        }
        producer.inTransaction(() -> pending.forEach(line -> producer.send(topic, null, line)));
        pending.clear();
    }

    @Override
    void aborted() {
        // pending keeps the lines of the aborted transaction for the next one
    }

    @Override
    String describe() {
        return source.describe();
    }

    @Override
    void stopped() {
        readerStopping = true;
        closeSocket();
        Thread running = reader;
        if (running != null && running != Thread.currentThread()) {
            running.interrupt();
            try {
                running.join(JOIN_TIMEOUT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Whether the reader thread runs: tests check that a stopped ingester ends it. */
    boolean isReading() {
        Thread running = reader;
        return running != null && running.isAlive();
    }

    /** Connects, reads lines until the connection ends, and again, until the ingester stops. */
    private void readLines() {
        long backoffMs = MIN_BACKOFF_MS;
        boolean reported = false;
        while (!readerStopping) {
            try (Socket connected = new Socket()) {
                socket = connected; // from now on stopped() can close it, even while connecting
                if (readerStopping) {
                    return;
                }
                connected.connect(
                        new InetSocketAddress(source.host(), source.port()),
                        (int) CONNECT_TIMEOUT.toMillis());
                log.info("Pipeline {}: connected to {}", pipeline, describe());
                backoffMs = MIN_BACKOFF_MS;
                reported = false;
                try (InputStream in = connected.getInputStream()) {
                    IngestLines.each(in, this::enqueue);
                }
                log.info(
                        "Pipeline {}: {} closed the connection; reconnecting",
                        pipeline,
                        describe());
            } catch (IOException | UncheckedIOException e) {
                if (readerStopping) {
                    return;
                }
                if (!reported) {
                    log.warn(
                            "Pipeline {}: cannot read {} ({}); retrying every {} ms or less",
                            pipeline,
                            describe(),
                            e.toString(),
                            MAX_BACKOFF_MS);
                    reported = true;
                }
            } finally {
                socket = null;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(backoffMs));
            backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
        }
    }

    /** Queues a line, waiting while the queue is full; stopping the reader ends the wait. */
    private void enqueue(byte[] line) {
        try {
            received.put(line);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new InterruptedIOException("the reader stopped"));
        }
    }

    private void closeSocket() {
        Socket open = socket;
        if (open != null) {
            try {
                open.close();
            } catch (IOException e) {
                // closing only unblocks the reader; it is stopping anyway
            }
        }
    }

    private static byte[] asValueRow(byte[] line) {
        try {
            return JSON.writeValueAsBytes(
                    Map.of("value", new String(line, StandardCharsets.UTF_8)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a string always encodes as JSON", e);
        }
    }
}
