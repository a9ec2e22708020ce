package io.sluice.processor.engine;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds a connection to each peer's {@link Lifeline} and reports a peer dead the moment its process
 * is gone: the connection closes, and a new one is refused or greeted by another process.
 *
 * <p>A closed connection alone proves nothing (a network device may drop it), so it is only the
 * question; the second connection is the answer. Refused means nothing listens at the address any
 * more: the process that did is gone. A greeting from another incarnation means the port now
 * belongs to another process. The same greeting means a live peer: held again. Anything else (a
 * timeout, an unreachable network, no greeting for a second of asking) decides nothing, and the
 * beats' timeout applies as without a lifeline. A lifeline that could not be held is tried again
 * after {@value #RETRY_AFTER_MS} ms, at the next beat. A peer is only ever judged through a
 * connection that was once established and greeted by that very process, so an address that is
 * wrong or unreachable from here (a loopback address advertised from another machine) never
 * condemns anyone.
 *
 * <p>Implementation notes: one daemon thread per held peer, blocked in a read; peers are few (at
 * most the partition count). {@link #hold} is called from the beat reader's thread.
 */
final class PeerLifelines implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PeerLifelines.class);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);
    private static final long RETRY_AFTER_MS = 5_000;
    private static final Duration GREETING_TIMEOUT = Duration.ofMillis(250);
    private static final long PROBE_WINDOW_MS = 1_000;
    private static final Duration PROBE_PAUSE = Duration.ofMillis(20);

    /** Where deaths go: called on a lifeline's thread. */
    interface Deaths {
        void died(String instanceId, String incarnation, String address);
    }

    /** What a connection says about a peer process. */
    private enum Verdict {
        ALIVE,
        DEAD,
        UNKNOWN,
        /** Accepted, then reset or closed before a greeting, or none in time: ask again. */
        CLOSED
    }

    private final String self;
    private final Deaths deaths;
    private final Map<String, Held> held = new ConcurrentHashMap<>();
    private volatile boolean closed;

    PeerLifelines(String self, Deaths deaths) {
        this.self = self;
        this.deaths = deaths;
    }

    /**
     * Holds a lifeline to {@code instanceId}'s process {@code incarnation} at {@code address}
     * ({@code host:port}), unless one is held or was tried lately; a new incarnation replaces the
     * old one's.
     */
    void hold(String instanceId, String incarnation, String address) {
        if (closed || instanceId.equals(self)) {
            return;
        }
        Held current = held.get(instanceId);
        if (current != null
                && current.incarnation.equals(incarnation)
                && (current.isHolding() || System.currentTimeMillis() < current.retryAtMs)) {
            return;
        }
        InetSocketAddress socketAddress = parse(address);
        if (socketAddress == null) {
            return;
        }
        if (current != null) {
            current.stop();
        }
        Held next = new Held(instanceId, incarnation, address, socketAddress);
        held.put(instanceId, next);
        next.thread.start();
    }

    /** Whether a lifeline to {@code instanceId} is held: connected and greeted. */
    boolean isHolding(String instanceId) {
        Held current = held.get(instanceId);
        return current != null && current.greeted;
    }

    /** Stops holding {@code instanceId}'s lifeline (it left, or was removed). */
    void forget(String instanceId) {
        Held current = held.remove(instanceId);
        if (current != null) {
            current.stop();
        }
    }

    @Override
    public void close() {
        closed = true;
        held.values().forEach(Held::stop);
        held.clear();
    }

    /** {@code host:port} as an address to connect to; null when it is not one. */
    static InetSocketAddress parse(String address) {
        int colon = address.lastIndexOf(':');
        if (colon <= 0) {
            return null;
        }
        try {
            int port = Integer.parseInt(address.substring(colon + 1));
            String host = address.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            return port > 0 && port <= 65535
                    ? InetSocketAddress.createUnresolved(host, port)
                    : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The lifeline to one peer process. */
    private final class Held {
        final String instanceId;
        final String incarnation;
        final String address;
        final InetSocketAddress socketAddress;
        final String expected;
        final Thread thread;
        volatile Socket socket;
        volatile boolean holding = true;
        volatile boolean greeted;
        String lastFailure; // why the last connection gave no verdict
        volatile long retryAtMs;
        volatile boolean stopped;

        Held(String instanceId, String incarnation, String address, InetSocketAddress target) {
            this.instanceId = instanceId;
            this.incarnation = incarnation;
            this.address = address;
            this.socketAddress = target;
            this.expected = Lifeline.greeting(instanceId, incarnation);
            this.thread = new Thread(this::run, "sluice-lifeline-" + instanceId);
            thread.setDaemon(true);
        }

        boolean isHolding() {
            return holding;
        }

        private void run() {
            try {
                if (connect() != Verdict.ALIVE) {
                    return; // never established: this lifeline judges nobody
                }
                while (!stopped) {
                    waitForClose();
                    if (stopped) {
                        return;
                    }
                    Verdict verdict = probe();
                    if (stopped) {
                        return;
                    }
                    if (verdict == Verdict.DEAD) {
                        log.info(
                                "The lifeline of instance {} ({}) closed and that process no"
                                        + " longer listens there",
                                instanceId,
                                address);
                        deaths.died(instanceId, incarnation, address);
                        return;
                    }
                    if (verdict == Verdict.UNKNOWN) {
                        log.info(
                                "The lifeline of instance {} ({}) closed and cannot be reached"
                                        + " again ({}); its beats decide",
                                instanceId,
                                address,
                                lastFailure);
                        return;
                    }
                    // dropped on the way, the peer is alive: held again
                }
            } finally {
                greeted = false;
                holding = false;
                retryAtMs = System.currentTimeMillis() + RETRY_AFTER_MS;
                closeSocket();
            }
        }

        /**
         * Asks again after the lifeline closed. A dying process's kernel closes its sockets one by
         * one, so a connection may still be accepted by its listening socket and then reset, or
         * left without a greeting: asked again shortly, the answer is then "refused". A live peer
         * greets at once; one that does not within {@value #PROBE_WINDOW_MS} ms is left to the
         * beats.
         */
        private Verdict probe() {
            long deadline = System.nanoTime() + PROBE_WINDOW_MS * 1_000_000L;
            Verdict verdict = connect();
            while (verdict == Verdict.CLOSED && !stopped && System.nanoTime() < deadline) {
                LockSupport.parkNanos(PROBE_PAUSE.toNanos()); // pacing the probes
                verdict = connect();
            }
            return verdict == Verdict.CLOSED ? Verdict.UNKNOWN : verdict;
        }

        /**
         * Connects and reads the greeting: ALIVE (the expected process greeted; the connection is
         * held in {@link #socket}), DEAD (refused, or another process greeted), CLOSED (accepted,
         * but reset or no greeting in time) or UNKNOWN (not even connected: timed out,
         * unreachable).
         */
        private Verdict connect() {
            Socket candidate = new Socket();
            socket = candidate;
            if (stopped) {
                closeSocket();
                return Verdict.UNKNOWN;
            }
            try {
                candidate.connect(
                        new InetSocketAddress(
                                socketAddress.getHostString(), socketAddress.getPort()),
                        (int) CONNECT_TIMEOUT.toMillis());
            } catch (ConnectException e) {
                closeSocket();
                return Verdict.DEAD; // refused: nothing listens there
            } catch (IOException e) {
                closeSocket();
                lastFailure = e.toString();
                return Verdict.UNKNOWN;
            }
            try {
                candidate.setSoTimeout((int) GREETING_TIMEOUT.toMillis());
                String greeting = readGreeting(candidate.getInputStream());
                if (greeting == null) {
                    closeSocket();
                    lastFailure = "closed before the greeting";
                    return Verdict.CLOSED; // a full lifeline, or a dying one
                }
                if (!greeting.equals(expected)) {
                    closeSocket();
                    return Verdict.DEAD;
                }
                candidate.setSoTimeout(0);
                greeted = true;
                return Verdict.ALIVE;
            } catch (IOException e) {
                closeSocket();
                lastFailure = e.toString(); // reset, or no greeting in time
                return Verdict.CLOSED;
            }
        }

        /** The greeting line, with its newline; null when the connection closed before it. */
        private String readGreeting(InputStream in) throws IOException {
            byte[] line = new byte[expected.length() + 64];
            int length = 0;
            while (length < line.length) {
                int b = in.read();
                if (b < 0) {
                    return null;
                }
                line[length++] = (byte) b;
                if (b == '\n') {
                    break;
                }
            }
            return new String(line, 0, length, StandardCharsets.UTF_8);
        }

        /** Blocks until the peer closes the held connection (or it fails). */
        private void waitForClose() {
            try {
                InputStream in = socket.getInputStream();
                byte[] drop = new byte[64];
                while (in.read(drop) >= 0) {
                    // a lifeline sends nothing after its greeting
                }
            } catch (IOException e) {
                // reset, or closed by stop(): the caller tells which
            }
            closeSocket();
        }

        void stop() {
            stopped = true;
            closeSocket();
        }

        private void closeSocket() {
            Socket current = socket;
            if (current != null) {
                try {
                    current.close();
                } catch (IOException e) {
                    // closing anyway
                }
            }
        }
    }
}
