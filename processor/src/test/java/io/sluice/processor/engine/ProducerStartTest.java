package io.sluice.processor.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.processor.FencedException;
import io.sluice.processor.commit.TransactionalCommitter;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class ProducerStartTest {
    private final MockProducer<byte[], byte[]> producer =
            new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());

    @Test
    void theCommitterIsHandedOverWithItsTransactionsInitialised() {
        try (ProducerStart start = ProducerStart.begin(committer())) {
            TransactionalCommitter committer = start.await();

            assertThat(producer.transactionInitialized()).isTrue();
            committer.begin();
            assertThat(producer.transactionInFlight()).isTrue();
        }
        assertThat(producer.closed()).isTrue();
    }

    @Test
    void whatInitialisingThrewIsThrownByAwaitAsItWas() {
        producer.initTransactionException = new TransactionalIdAuthorizationException("denied");

        try (ProducerStart start = ProducerStart.begin(committer())) {
            assertThatThrownBy(start::await)
                    .isInstanceOf(TransactionalIdAuthorizationException.class)
                    .hasMessage("denied");
        }
    }

    @Test
    void aFencedInitialisationIsTheRunsFencedException() {
        producer.initTransactionException = new ProducerFencedException("newer epoch");

        try (ProducerStart start = ProducerStart.begin(committer())) {
            assertThatThrownBy(start::await).isInstanceOf(FencedException.class);
        }
    }

    @Test
    void closeWaitsForTheInitialisationBeforeClosingTheProducer() throws Exception {
        CountDownLatch initialising = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        TransactionalCommitter committer =
                new TransactionalCommitter(
                        Map.of(),
                        "p-1",
                        config -> {
                            initialising.countDown();
                            await(release);
                            return producer;
                        });
        ProducerStart start = ProducerStart.begin(committer);
        assertThat(initialising.await(10, TimeUnit.SECONDS)).isTrue();

        Thread closer = new Thread(start::close);
        closer.start();
        // parked in close(), waiting for the initialisation; had it closed the committer, the
        // producer made afterwards would stay open
        Awaitility.await().until(() -> closer.getState() == Thread.State.WAITING);
        assertThat(producer.closed()).isFalse();

        release.countDown();
        closer.join(10_000);
        assertThat(closer.isAlive()).isFalse();
        assertThat(producer.closed()).isTrue();
    }

    private TransactionalCommitter committer() {
        return new TransactionalCommitter(Map.of(), "p-1", config -> producer);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
