package io.sluice.processor.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Lifelines over real loopback sockets: what a peer learns when another process dies or not. */
class PeerLifelinesTest {
    private static final InetSocketAddress ANY_PORT = EngineSettings.LOOPBACK_LIFELINE;
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final List<String> deaths = new CopyOnWriteArrayList<>();
    private final PeerLifelines lifelines =
            new PeerLifelines(
                    "b",
                    (instance, incarnation, address) ->
                            deaths.add(instance + "/" + incarnation + "@" + address));
    private Lifeline peer;
    private Relay relay;

    @AfterEach
    void close() throws IOException {
        lifelines.close();
        if (peer != null) {
            peer.close();
        }
        if (relay != null) {
            relay.close();
        }
    }

    @Test
    void shouldReportAPeerDeadWhenItsLifelineClosesAndNothingListensThereAnyMore() {
        peer = Lifeline.open(ANY_PORT, "a", "one");
        lifelines.hold("a", "one", peer.advertised());
        await().atMost(WAIT).until(() -> lifelines.isHolding("a"));

        peer.close(); // as the kernel does for a killed process: connections and port

        await().atMost(WAIT)
                .untilAsserted(
                        () -> assertThat(deaths).containsExactly("a/one@" + peer.advertised()));
    }

    @Test
    void shouldHoldALivePeerAgainWhenOnlyTheConnectionToItDropped() throws IOException {
        peer = Lifeline.open(ANY_PORT, "a", "one");
        relay = new Relay(PeerLifelines.parse(peer.advertised()));
        String address = "127.0.0.1:" + relay.port();
        lifelines.hold("a", "one", address);
        await().atMost(WAIT).until(() -> lifelines.isHolding("a"));

        relay.dropConnections(); // a network device dropped it; the peer still listens

        await().atMost(WAIT).until(() -> relay.connections() == 2); // asked again, greeted
        await().atMost(WAIT).until(() -> lifelines.isHolding("a"));
        assertThat(deaths).isEmpty();
        peer.close();
        relay.close(); // now nothing listens at the address the peer advertised
        await().atMost(WAIT).untilAsserted(() -> assertThat(deaths).hasSize(1));
    }

    @Test
    void shouldJudgeNobodyThroughALifelineThatWasNeverEstablished() throws IOException {
        int closedPort;
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = taken.getLocalPort();
        }
        // an advertised address that is wrong from here: refused from the start
        lifelines.hold("a", "one", "127.0.0.1:" + closedPort);
        // a port that another instance's lifeline holds
        peer = Lifeline.open(ANY_PORT, "c", "two");
        lifelines.hold("a", "two", peer.advertised());
        await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> !lifelines.isHolding("a"));

        peer.close();

        await().during(Duration.ofMillis(500)).atMost(WAIT).until(deaths::isEmpty);
    }

    @Test
    void shouldReportThePeerDeadWhenAnotherProcessAnswersAtItsAddress() throws IOException {
        peer = Lifeline.open(ANY_PORT, "a", "one");
        relay = new Relay(PeerLifelines.parse(peer.advertised()));
        lifelines.hold("a", "one", "127.0.0.1:" + relay.port());
        await().atMost(WAIT).until(() -> lifelines.isHolding("a"));
        Lifeline restarted = Lifeline.open(ANY_PORT, "a", "two");
        try {
            relay.target(PeerLifelines.parse(restarted.advertised()));
            relay.dropConnections(); // the old process is gone; its address now greets as "two"

            await().atMost(WAIT).untilAsserted(() -> assertThat(deaths).hasSize(1));
            assertThat(deaths.get(0)).startsWith("a/one@");
        } finally {
            restarted.close();
        }
    }

    @Test
    void shouldNeverHoldItsOwnLifeline() {
        peer = Lifeline.open(ANY_PORT, "b", "self");
        lifelines.hold("b", "self", peer.advertised());

        peer.close();

        await().during(Duration.ofMillis(300)).atMost(WAIT).until(deaths::isEmpty);
    }

    @Test
    void shouldReadHostAndPortOfAnAdvertisedAddress() {
        assertThat(PeerLifelines.parse("10.0.0.7:7071"))
                .isEqualTo(InetSocketAddress.createUnresolved("10.0.0.7", 7071));
        assertThat(PeerLifelines.parse("[::1]:7071"))
                .isEqualTo(InetSocketAddress.createUnresolved("::1", 7071));
        assertThat(PeerLifelines.parse("no-port")).isNull();
        assertThat(PeerLifelines.parse("host:0")).isNull();
        assertThat(PeerLifelines.parse("host:port")).isNull();
    }

    @Test
    void shouldNameTheAddressThatCannotBeListenedOn() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            InetSocketAddress address =
                    InetSocketAddress.createUnresolved("127.0.0.1", taken.getLocalPort());

            assertThat(
                            org.assertj.core.api.Assertions.catchThrowable(
                                    () -> Lifeline.open(address, "a", "one")))
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessageStartingWith(
                            "cannot listen on 127.0.0.1:" + taken.getLocalPort() + ": ");
        }
    }

    /**
     * A TCP relay in front of a lifeline: its connections can be dropped while the lifeline lives
     * on, as a network device may, and its target moved, as a port reused by another process.
     */
    private static final class Relay implements AutoCloseable {
        private final ServerSocket server;
        private final List<Socket> sockets = new CopyOnWriteArrayList<>();
        private volatile InetSocketAddress target;
        private volatile int connections;

        Relay(InetSocketAddress target) throws IOException {
            this.target = target;
            this.server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
            Thread accept = new Thread(this::accept, "relay");
            accept.setDaemon(true);
            accept.start();
        }

        int port() {
            return server.getLocalPort();
        }

        int connections() {
            return connections;
        }

        void target(InetSocketAddress next) {
            target = next;
        }

        void dropConnections() {
            for (Socket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException e) {
                    // dropping anyway
                }
            }
            sockets.clear();
        }

        private void accept() {
            while (!server.isClosed()) {
                Socket client;
                try {
                    client = server.accept();
                } catch (IOException e) {
                    return; // closed
                }
                try {
                    Socket upstream = new Socket(target.getHostString(), target.getPort());
                    sockets.add(client);
                    sockets.add(upstream);
                    pipe(upstream, client);
                    pipe(client, upstream);
                    connections++;
                } catch (IOException e) {
                    try {
                        client.close(); // the target is gone: so is the relayed lifeline
                    } catch (IOException closing) {
                        // closing anyway
                    }
                }
            }
        }

        private void pipe(Socket from, Socket to) {
            Thread thread =
                    new Thread(
                            () -> {
                                try (InputStream in = from.getInputStream();
                                        OutputStream out = to.getOutputStream()) {
                                    in.transferTo(out);
                                } catch (IOException e) {
                                    // dropped
                                }
                                try {
                                    to.close();
                                } catch (IOException e) {
                                    // closing anyway
                                }
                            },
                            "relay-pipe");
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void close() throws IOException {
            server.close();
            dropConnections();
        }
    }
}
