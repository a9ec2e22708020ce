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
 * fenced producer means the broker aborted a transaction of this ingester that ran past {@code
 * transaction.timeout.ms} (a large file, a slow broker, a long pause), or another instance ingests
 * now: the ingester takes the transactional id back with a new producer and goes on from what is
 * committed ({@link #recover}), up to {@link #MAX_FENCED_IN_A_ROW} times without a commit in
 * between; then it concludes another instance owns the source, stops, and the pipeline goes on
 * reading the ingest topic. An ingester that stops for any other reason than {@link #close()} says
 * so in an ERROR log; either way {@link #stopped()} releases what it holds outside Kafka.
 */
abstract class Ingester implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Ingester.class);
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(30);

    /** How often in a row (without a commit in between) a fenced producer retakes its id. */
    static final int MAX_FENCED_IN_A_ROW = 3;

    final String pipeline;
    final String topic;
    final IngestProducer producer;
    private final Duration turnInterval;
    private volatile boolean stopping;
    private volatile boolean catchingUp;
    private int fencedInARow;
    private EngineListener listener = EngineListener.NONE;
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

    /** Reports to {@code listener} when the ingester stops on an error; call before starting. */
    void reportTo(EngineListener listener) {
        this.listener = listener;
    }

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
        catchingUp = true;
        while (true) {
            long committed = producer.committed();
            try {
                producer.open();
                recover();
                turn();
                return;
            } catch (IngestProducer.Fenced e) {
                if (!retakeAfter(e, committed)) {
                    return;
                }
            }
        }
    }

    boolean isStopping() {
        return stopping;
    }

    /** Whether this ingester copies what is there now and no more (the availableNow trigger). */
    boolean isCatchingUp() {
        return catchingUp;
    }

    private void runLoop() {
        log.info("Pipeline {} ingests {} into {}", pipeline, describe(), topic);
        try {
            ingest();
        } finally {
            stopped();
        }
    }

    private void ingest() {
        boolean open = false;
        while (!stopping) {
            long committed = producer.committed();
            try {
                if (!open) {
                    producer.open();
                    recover();
                    open = true;
                }
                turn();
            } catch (IngestProducer.Fenced e) {
                if (!retakeAfter(e, committed)) {
                    return;
                }
                open = false; // a new producer takes the id back; recover() reads what committed
                continue;
            } catch (KafkaException e) {
                log.warn(
                        "Pipeline {}: ingesting {} failed, retrying: {}",
                        pipeline,
                        describe(),
                        e.toString());
                aborted();
                open = false; // a new producer aborts the failed transaction
            } catch (RuntimeException e) {
                if (!stopping) {
                    String reason =
                            "the ingester of "
                                    + describe()
                                    + " stopped, nothing more is ingested until the pipeline"
                                    + " restarts: "
                                    + e;
                    log.error("Pipeline {}: {}", pipeline, reason, e);
                    listener.ingesterStopped(reason);
                }
                return;
            }
            if (producer.committed() > committed) {
                fencedInARow = 0;
            }
            LockSupport.parkNanos(turnInterval.toNanos());
        }
    }

    /**
     * Whether to take the transactional id back after {@code fenced}: yes, unless fenced more than
     * {@link #MAX_FENCED_IN_A_ROW} times without a commit in between: another live instance does
     * that, and so does a transaction that never fits in the timeout. When yes, the failed turn is
     * undone ({@link #aborted}).
     *
     * @param committedBefore what the producer had committed before the fenced turn
     */
    private boolean retakeAfter(IngestProducer.Fenced fenced, long committedBefore) {
        if (producer.committed() > committedBefore) {
            fencedInARow = 0;
        }
        if (stopping) {
            return false;
        }
        if (++fencedInARow > MAX_FENCED_IN_A_ROW) {
            log.warn(
                    "Pipeline {}: another instance took over the ingester of {} (transactional id"
                            + " {} fenced {} times in a row without a commit: {}; or a transaction"
                            + " never fits in transaction.timeout.ms); this instance stops"
                            + " ingesting and goes on processing the ingest topic",
                    pipeline,
                    describe(),
                    topic,
                    MAX_FENCED_IN_A_ROW + 1,
                    fenced.getCause().toString());
            return false;
        }
        // The broker aborts a transaction that ran past its timeout and bumps the epoch: take
        // the id back and go on from what committed; a live twin would fence us again.
        log.warn(
                "Pipeline {}: the ingest producer was fenced ({}), most likely a transaction ran"
                        + " past transaction.timeout.ms; taking the transactional id back and"
                        + " going on from what is committed (attempt {} of {})",
                pipeline,
                fenced.getCause().toString(),
                fencedInARow,
                MAX_FENCED_IN_A_ROW);
        aborted();
        return true;
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
