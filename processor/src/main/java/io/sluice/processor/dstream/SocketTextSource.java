package io.sluice.processor.dstream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lines a TCP server sends, Spark's {@code socketTextStream}: each batch holds the lines
 * received since the last one, in order (a line without its end yet waits for it).
 *
 * <p>A daemon thread connects, and again after the connection ends or fails, with a backoff from
 * 100 ms to 5 s while the server is away, until the context stops. No fault tolerance: lines
 * received by a process that dies are lost, as in Spark.
 */
final class SocketTextSource implements BatchSource<String> {
    private static final Logger log = LoggerFactory.getLogger(SocketTextSource.class);
    private static final int READ_TIMEOUT_MS = 200;
    private static final long MIN_BACKOFF_MS = 100;
    private static final long MAX_BACKOFF_MS = 5_000;

    private final String host;
    private final int port;
    private final BooleanSupplier stopped;
    private final ConcurrentLinkedQueue<String> received = new ConcurrentLinkedQueue<>();

    SocketTextSource(String host, int port, BooleanSupplier stopped) {
        Checks.argument(port >= 1 && port <= 65535, "port %s must be from 1 to 65535", port);
        this.host = host;
        this.port = port;
        this.stopped = stopped;
        Thread reader = new Thread(this::readLines, "sluice-socket-text-" + host + ":" + port);
        reader.setDaemon(true);
        reader.start();
    }

    @Override
    public List<String> nextBatch(Time time) {
        List<String> lines = new ArrayList<>();
        for (String line = received.poll(); line != null; line = received.poll()) {
            lines.add(line);
        }
        return lines;
    }

    private void readLines() {
        long backoffMs = MIN_BACKOFF_MS;
        boolean reported = false;
        while (!stopped.getAsBoolean()) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(host, port), READ_TIMEOUT_MS * 10);
                socket.setSoTimeout(READ_TIMEOUT_MS);
                backoffMs = MIN_BACKOFF_MS;
                reported = false;
                read(socket.getInputStream());
            } catch (IOException e) {
                if (!reported) {
                    log.warn(
                            "Cannot read {}:{} ({}); retrying every {} ms or less",
                            host,
                            port,
                            e.toString(),
                            MAX_BACKOFF_MS);
                    reported = true;
                }
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(backoffMs));
            backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
        }
    }

    /** Queues each line until the stream ends or the context stops. */
    private void read(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        while (!stopped.getAsBoolean()) {
            int read;
            try {
                read = in.read(buffer);
            } catch (SocketTimeoutException e) {
                continue; // nothing yet; look at the stop flag again
            }
            if (read < 0) {
                break;
            }
            for (int i = 0; i < read; i++) {
                if (buffer[i] == '\n') {
                    received.add(text(line));
                } else {
                    line.write(buffer[i]);
                }
            }
        }
        if (line.size() > 0) {
            received.add(text(line)); // the last line, ended by the end of the stream
        }
    }

    private static String text(ByteArrayOutputStream line) {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }
}
