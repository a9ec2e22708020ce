package io.sluice.processor.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This instance's lifeline: a port that greets each connection with the instance's id and
 * incarnation and then holds it open. The other instances keep a connection to it ({@link
 * PeerLifelines}); when this process dies, however it dies, its kernel closes those connections and
 * the port, and the others know at once, instead of after a beat timeout.
 *
 * <p>Implementation notes: one thread with a selector accepts, greets and waits for each client to
 * close (clients send nothing; what they send is read and dropped). At most {@value
 * #MAX_CONNECTIONS} connections are held: more are closed at once, before the greeting, which a
 * client takes as "no lifeline", never as a death. The port closes only in {@link #close}, after
 * the instance left its group.
 */
final class Lifeline implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Lifeline.class);
    private static final int MAX_CONNECTIONS = 128;
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final ServerSocketChannel server;
    private final Selector selector;
    private final byte[] greeting;
    private final String advertised;
    private final Thread thread;
    private final ByteBuffer scratch = ByteBuffer.allocate(256);
    private volatile boolean running = true;

    private Lifeline(
            ServerSocketChannel server, Selector selector, byte[] greeting, String advertised) {
        this.server = server;
        this.selector = selector;
        this.greeting = greeting;
        this.advertised = advertised;
        this.thread = new Thread(this::run, "sluice-lifeline");
        thread.setDaemon(true);
    }

    /**
     * Listens on {@code address} (port 0: any free one) for instance {@code instanceId}, this
     * process being its {@code incarnation}.
     *
     * @throws UncheckedIOException when the address cannot be listened on
     */
    static Lifeline open(InetSocketAddress address, String instanceId, String incarnation) {
        ServerSocketChannel server = null;
        Selector selector = null;
        try {
            InetSocketAddress bind =
                    address.isUnresolved()
                            ? new InetSocketAddress(address.getHostString(), address.getPort())
                            : address;
            server = ServerSocketChannel.open();
            server.bind(bind, MAX_CONNECTIONS);
            server.configureBlocking(false);
            selector = Selector.open();
            server.register(selector, SelectionKey.OP_ACCEPT);
            InetSocketAddress bound = (InetSocketAddress) server.getLocalAddress();
            Lifeline lifeline =
                    new Lifeline(
                            server,
                            selector,
                            greeting(instanceId, incarnation).getBytes(StandardCharsets.UTF_8),
                            advertisedHost(bound) + ":" + bound.getPort());
            lifeline.thread.start();
            return lifeline;
        } catch (IOException e) {
            closeQuietly(selector);
            closeQuietly(server);
            throw new UncheckedIOException(
                    String.format(
                            "cannot listen on %s:%d: %s",
                            address.getHostString(), address.getPort(), e.getMessage()),
                    e);
        }
    }

    /** The line a lifeline greets with: which instance, which process of it. */
    static String greeting(String instanceId, String incarnation) {
        return "sluice-lifeline " + instanceId + " " + incarnation + "\n";
    }

    /** Where peers reach it: {@code host:port}, this machine's address when bound to all. */
    String advertised() {
        return advertised;
    }

    private static String advertisedHost(InetSocketAddress bound) {
        InetAddress address = bound.getAddress();
        if (!address.isAnyLocalAddress()) {
            return address.getHostAddress();
        }
        try {
            // a pod's host name resolves to its own address
            return InetAddress.getLocalHost().getHostAddress();
        } catch (UnknownHostException e) {
            // peers elsewhere cannot hold it then, and fall back to the beats
            log.warn(
                    "This machine's name does not resolve ({}); the lifeline is advertised on"
                            + " the loopback address",
                    e.getMessage());
            return InetAddress.getLoopbackAddress().getHostAddress();
        }
    }

    private void run() {
        try {
            while (running) {
                selector.select();
                for (SelectionKey key : selector.selectedKeys()) {
                    if (!key.isValid()) {
                        continue;
                    }
                    if (key.isAcceptable()) {
                        accept();
                    } else if (key.isReadable()) {
                        read(key);
                    }
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException | RuntimeException e) {
            if (running) {
                // the port stays open, so peers see no death: they fall back to the beats
                log.warn("The lifeline stopped accepting connections: {}", e.toString());
            }
        }
    }

    private void accept() throws IOException {
        SocketChannel client = server.accept();
        if (client == null) {
            return;
        }
        if (selector.keys().size() > MAX_CONNECTIONS) {
            client.close(); // closed before the greeting: the client keeps no lifeline
            return;
        }
        try {
            client.configureBlocking(false);
            client.write(ByteBuffer.wrap(greeting)); // a few dozen bytes: a fresh socket takes them
            client.register(selector, SelectionKey.OP_READ);
        } catch (IOException e) {
            client.close();
        }
    }

    private void read(SelectionKey key) {
        SocketChannel client = (SocketChannel) key.channel();
        try {
            scratch.clear();
            if (client.read(scratch) < 0) {
                key.cancel();
                client.close();
            }
        } catch (IOException e) {
            key.cancel();
            closeQuietly(client);
        }
    }

    /**
     * Closes the port and every connection: peers probing it now find nothing listening.
     * Idempotent.
     */
    @Override
    public synchronized void close() {
        if (!selector.isOpen()) {
            return;
        }
        running = false;
        selector.wakeup();
        try {
            thread.join(CLOSE_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (SelectionKey key : selector.keys()) {
            closeQuietly(key.channel());
        }
        closeQuietly(selector);
        closeQuietly(server);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            // closing anyway
        }
    }
}
