package io.sluice.processor.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.processor.plan.IngestPlan;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * The parts of the ingesters that need no broker: splitting lines, the rate's schedule, taking the
 * transactional id back after a fence, stopping the socket reader.
 */
class IngestersTest {
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @Test
    void shouldTakeTheIdBackAndCommitWhenTheBrokerAbortedTimedOutTransactions() {
        List<MockProducer<byte[], byte[]>> made = new ArrayList<>();
        IngestProducer producer =
                producer(
                        made,
                        () -> {
                            MockProducer<byte[], byte[]> p = mockProducer();
                            if (made.size() < 2) {
                                // what the broker answers after aborting a timed-out transaction
                                p.commitTransactionException =
                                        new InvalidProducerEpochException("epoch bumped");
                            }
                            return p;
                        });
        OneTransaction ingester = new OneTransaction(producer);

        ingester.catchUp();

        assertThat(ingester.recovered).isEqualTo(3);
        assertThat(producer.committed()).isEqualTo(1);
        assertThat(made.get(2).commitCount()).isEqualTo(1);
    }

    @Test
    void shouldStopRetakingTheIdWhenFencedMoreThanTheBoundInARow() {
        IngestProducer producer =
                producer(
                        new ArrayList<>(),
                        () -> {
                            MockProducer<byte[], byte[]> p = mockProducer();
                            p.commitTransactionException = new ProducerFencedException("twin");
                            return p;
                        });
        OneTransaction ingester = new OneTransaction(producer);

        ingester.catchUp();

        assertThat(ingester.recovered).isEqualTo(Ingester.MAX_FENCED_IN_A_ROW + 1);
        assertThat(producer.committed()).isZero();
    }

    @Test
    void shouldReportTheCauseWhenTheIngesterStopsOnAnError() {
        List<String> reasons = new java.util.concurrent.CopyOnWriteArrayList<>();
        Ingester ingester =
                new OneTransaction(producer(new ArrayList<>(), IngestersTest::mockProducer)) {
                    @Override
                    void turn() {
                        throw new IllegalStateException("boom");
                    }
                };
        ingester.reportTo(
                new EngineListener() {
                    @Override
                    public void ingesterStopped(String reason) {
                        reasons.add(reason);
                    }
                });

        ingester.start();

        await().atMost(DEADLINE).until(() -> !reasons.isEmpty());
        ingester.close();
        assertThat(reasons)
                .containsExactly(
                        "the ingester of a test source stopped, nothing more is ingested until the"
                                + " pipeline restarts: java.lang.IllegalStateException: boom");
    }

    @Test
    void shouldDisconnectAndEndTheSocketReaderWhenTheIngesterStopsByItself() throws Exception {
        try (ServerSocket server = new ServerSocket(0)) {
            IngestProducer producer =
                    producer(
                            new ArrayList<>(),
                            () -> {
                                MockProducer<byte[], byte[]> p = mockProducer();
                                p.beginTransactionException = new ProducerFencedException("twin");
                                return p;
                            });
            SocketIngester ingester =
                    new SocketIngester(
                            "socket-stop",
                            new IngestPlan.Socket("localhost", server.getLocalPort(), true),
                            producer);
            ingester.start();
            try (Socket client = server.accept()) {
                client.getOutputStream().write("line\n".getBytes(StandardCharsets.UTF_8));
                client.setSoTimeout((int) DEADLINE.toMillis());
                InputStream in = client.getInputStream();

                // fenced every time: the ingester gives up, and must let go of the socket
                assertThat(in.read()).isEqualTo(-1);
            }
            await().atMost(DEADLINE).until(() -> !ingester.isReading());
            server.setSoTimeout(1_000);
            assertThat(acceptsWithinTimeout(server)).isFalse();
            ingester.close();
        }
    }

    @Test
    void shouldSkipBlankLinesAndDropCarriageReturnsWhenSplittingLines() throws Exception {
        byte[] text = "a\r\n\n  \t\nb c\n\r\nlast".getBytes(StandardCharsets.UTF_8);
        List<String> lines = new ArrayList<>();

        long count =
                IngestLines.each(
                        new ByteArrayInputStream(text),
                        line -> lines.add(new String(line, StandardCharsets.UTF_8)));

        assertThat(lines).containsExactly("a", "b c", "last");
        assertThat(count).isEqualTo(3);
    }

    @Test
    void shouldKeepBytesThatAreNotUtf8WhenSplittingLines() throws Exception {
        byte[] text = {'x', (byte) 0xC3, '\n'};
        List<byte[]> lines = new ArrayList<>();

        IngestLines.each(new ByteArrayInputStream(text), lines::add);

        assertThat(lines).containsExactly(new byte[] {'x', (byte) 0xC3});
    }

    @Test
    void shouldDueRowsAtTheFullRateWhenThereIsNoRampUp() {
        IngestPlan.Rate rate = new IngestPlan.Rate(100, Duration.ZERO);

        assertThat(RateIngester.rowsDue(rate, 0)).isZero();
        assertThat(RateIngester.rowsDue(rate, 10)).isEqualTo(1);
        assertThat(RateIngester.rowsDue(rate, 2_500)).isEqualTo(250);
    }

    @Test
    void shouldDueHalfTheRowsOfTheRampWhenTheRateRampsUp() {
        IngestPlan.Rate rate = new IngestPlan.Rate(100, Duration.ofSeconds(10));

        assertThat(RateIngester.rowsDue(rate, 5_000)).isEqualTo(125);
        assertThat(RateIngester.rowsDue(rate, 10_000)).isEqualTo(500);
        assertThat(RateIngester.rowsDue(rate, 12_000)).isEqualTo(700);
    }

    private static boolean acceptsWithinTimeout(ServerSocket server) throws Exception {
        try (Socket ignored = server.accept()) {
            return true;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        }
    }

    private static MockProducer<byte[], byte[]> mockProducer() {
        return new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static IngestProducer producer(
            List<MockProducer<byte[], byte[]>> made,
            Supplier<MockProducer<byte[], byte[]>> factory) {
        return new IngestProducer(
                Map.of(),
                "test-ingest",
                config -> {
                    MockProducer<byte[], byte[]> p = factory.get();
                    made.add(p);
                    return p;
                });
    }

    /** An ingester whose every turn commits one empty transaction; counts its recoveries. */
    private static class OneTransaction extends Ingester {
        int recovered;

        OneTransaction(IngestProducer producer) {
            super("test", producer, Duration.ofMillis(10));
        }

        @Override
        void recover() {
            recovered++;
        }

        @Override
        void turn() {
            producer.inTransaction(() -> {});
        }

        @Override
        void aborted() {}

        @Override
        String describe() {
            return "a test source";
        }
    }
}
