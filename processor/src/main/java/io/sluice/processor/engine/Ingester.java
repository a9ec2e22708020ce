package io.sluice.processor.engine;

import io.sluice.processor.plan.IngestPlan;
import io.sluice.processor.plan.InternalTopics;
import io.sluice.processor.plan.PipelinePlan;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies a source outside Kafka (files, a rate, a socket) into the pipeline's ingest topic on a
 * thread of its own, while the batch loop reads that topic like any source: every guarantee
 * downstream of the ingest topic is the engine's.
 *
 * <p>Implementation notes: each turn ({@link #turn}) writes what is new in one Kafka transaction of
 * the {@link IngestProducer}. A failed transaction is aborted (the producer is replaced) and {@link
 * #aborted} lets the ingester forget what it thought written; the next turn writes it again. A
 * fenced producer means another instance ingests now: this ingester stops, and the pipeline goes on
 * reading the ingest topic.
 */
abstract class Ingester implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Ingester.class);
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(30);

    final String pipeline;
    final String topic;
    final IngestProducer producer;
    private final Duration turnInterval;
    private volatile boolean stopping;
    private Thread thread;

    Ingester(String pipeline, IngestProducer producer, Duration turnInterval) {
        this.pipeline = pipeline;
        this.topic = InternalTopics.ingest(pipeline);
        this.producer = producer;
        this.turnInterval = turnInterval;
    }

    /** The ingester of {@code plan}'s source, if it is files, a rate or a socket. */
    static Optional<Ingester> of(PipelinePlan plan, EngineSettings settings, KafkaClients clients) {
        Optional<IngestPlan> ingest = plan.source().ingest();
        if (ingest.isEmpty()) {
            return Optional.empty();
        }
        IngestProducer producer =
                new IngestProducer(
                        ClientConfigs.producer(settings),
                        InternalTopics.ingest(plan.name()),
                        clients::producer);
        IngestPlan source = ingest.get();
        if (source instanceof IngestPlan.Files files) {
            return Optional.of(
                    new FileIngester(
                            plan.name(),
                            files,
                            producer,
                            () -> clients.consumer(ClientConfigs.tableConsumer(settings))));
        }
        if (source instanceof IngestPlan.Rate rate) {
            return Optional.of(
                    new RateIngester(
                            plan.name(),
                            rate,
                            producer,
                            () -> clients.consumer(ClientConfigs.tableConsumer(settings))));
        }
        return Optional.of(new SocketIngester(plan.name(), (IngestPlan.Socket) source, producer));
    }

    /** Reads what a restart needs (what was written already) after the producer fenced others. */
    abstract void recover();

    /** Writes what is new since the last turn, in transactions; returns at once if nothing is. */
    abstract void turn();

    /** Forgets what the last, aborted transaction was to write, so the next turn writes it. */
    abstract void aborted();

    /** What the ingester reads, for logs. */
    abstract String describe();

    /** Starts ingesting on a daemon thread, until {@link #close()}. */
    void start() {
        thread = new Thread(this::runLoop, "sluice-ingest-" + pipeline);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Ingests what is there now, on the calling thread, and returns: for the {@code availableNow}
     * trigger, which then processes it.
     */
    void catchUp() {
        try {
            producer.open();
            recover();
            turn();
        } catch (IngestProducer.Fenced e) {
            log.error(fencedMessage(), pipeline);
        }
    }

    boolean isStopping() {
        return stopping;
    }

    private void runLoop() {
        log.info("Pipeline {} ingests {} into {}", pipeline, describe(), topic);
        boolean open = false;
        while (!stopping) {
            try {
                if (!open) {
                    producer.open();
                    recover();
                    open = true;
                }
                turn();
            } catch (IngestProducer.Fenced e) {
                log.error(fencedMessage(), pipeline);
                return;
            } catch (KafkaException e) {
                log.warn(
                        "Pipeline {}: ingesting {} failed, retrying: {}",
                        pipeline,
                        describe(),
                        e.toString());
                aborted();
                open = false; // a new producer aborts the failed transaction
            } catch (RuntimeException e) {
                log.error("Pipeline {}: the ingester of {} stopped", pipeline, describe(), e);
                return;
            }
            LockSupport.parkNanos(turnInterval.toNanos());
        }
    }

    private static String fencedMessage() {
        return "Pipeline {}: another instance took over the ingester (transactional id fenced);"
                + " this instance stops ingesting and goes on processing the ingest topic";
    }

    /** Stops the thread after its turn and closes the producer. */
    @Override
    public void close() {
        stopping = true;
        stopped();
        if (thread != null) {
            LockSupport.unpark(thread);
            try {
                thread.join(JOIN_TIMEOUT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        producer.close();
    }

    /** Releases what blocks outside the turn (a socket); called once stopping. */
    void stopped() {}
}
