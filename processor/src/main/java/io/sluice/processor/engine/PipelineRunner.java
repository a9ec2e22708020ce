package io.sluice.processor.engine;

import io.sluice.processor.ConfigException;
import io.sluice.processor.FencedException;
import io.sluice.processor.RecordException;
import io.sluice.processor.RowOperator;
import io.sluice.processor.batch.BatchPlanner;
import io.sluice.processor.commit.TransactionalCommitter;
import io.sluice.processor.join.KafkaTable;
import io.sluice.processor.plan.InternalTopics;
import io.sluice.processor.plan.PipelinePlan;
import io.sluice.processor.plan.SinkPlan;
import io.sluice.processor.plan.Trigger;
import io.sluice.processor.state.StateStores;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.apache.avro.Schema;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.CloseOptions.GroupMembershipOperation;
import org.apache.kafka.clients.consumer.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one pipeline on this instance until it is stopped, or, with the {@code availableNow}
 * trigger, until what was in its topics at start is processed.
 *
 * <p>Implementation notes: each loop turn plans a batch from the owned partitions' next offsets to
 * their last stable offsets (see {@link BatchPlanner}), begins a transaction, reads exactly those
 * ranges, sends outputs and dead letters, adds the until-offsets (with the batch id in their
 * metadata) to the transaction and commits. A batch that fails before its commit is aborted, the
 * consumer rewinds to the batch's from-offsets and the batch runs again after a backoff. A fenced
 * producer stops the runner. The runner opens the clients and state of a run and closes them; the
 * loop is {@link BatchLoop}, and one attempt of a batch is {@link BatchAttempt}. {@link #run()} and
 * everything it calls run on one thread; {@link #stop()}, {@link #totals()} and {@link
 * #committedBatches()} may be called from any thread.
 */
public final class PipelineRunner {
    private static final Logger log = LoggerFactory.getLogger(PipelineRunner.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final PipelinePlan plan;
    private final EngineSettings settings;
    private final PrintStream console;
    private final EngineListener listener;
    private final KafkaClients clients;
    private final CommittedTotals totals = new CommittedTotals();
    private volatile boolean stopping;
    private boolean finishedOnPurpose; // the loop ended by itself: leave the group on close

    public PipelineRunner(PipelinePlan plan, EngineSettings settings, PrintStream console) {
        this(plan, settings, console, EngineListener.NONE);
    }

    /** A runner that reports what it does to {@code listener} (metrics, status, console). */
    public PipelineRunner(
            PipelinePlan plan,
            EngineSettings settings,
            PrintStream console,
            EngineListener listener) {
        this(plan, settings, console, listener, KafkaClients.CLUSTER);
    }

    /** A runner that gets its Kafka clients from {@code clients}: unit tests pass mocks. */
    PipelineRunner(
            PipelinePlan plan,
            EngineSettings settings,
            PrintStream console,
            EngineListener listener,
            KafkaClients clients) {
        this.plan = plan;
        this.settings = settings;
        this.console = console;
        this.listener = listener;
        this.clients = clients;
    }

    /** How a run ended. */
    public enum Outcome {
        /** {@link #stop()} was called, or the availableNow trigger processed everything. */
        FINISHED,
        /** Another instance took over this instance's transactional id or partitions. */
        FENCED,
        /** A bad record met the {@code fail} error policy. */
        FAILED_RECORD
    }

    /**
     * Runs the pipeline on the calling thread.
     *
     * @throws ConfigException when the cluster does not fit the pipeline (missing source topic, a
     *     transaction timeout above the broker's maximum); nothing was processed
     */
    public Outcome run() {
        if (needsState()) {
            StateStores.preload(); // while the topics are set up
        }
        String transactionalId = plan.name() + "-" + settings.instanceId();
        try (ProducerStart producer =
                ProducerStart.begin(
                        new TransactionalCommitter(
                                ClientConfigs.producer(settings),
                                transactionalId,
                                clients::producer))) {
            TopicSetup.Tasks tasks = clients.prepareTopics(plan, settings);
            listener.startupPhase("topics");
            Optional<Ingester> ingester = Ingester.of(plan, settings, clients);
            ingester.ifPresent(i -> i.reportTo(listener));
            try {
                ingester.ifPresent(this::startIngester);
                return run(tasks, producer);
            } finally {
                ingester.ifPresent(Ingester::close);
            }
        }
    }

    /**
     * Starts copying a file, rate or socket source into the ingest topic; with the availableNow
     * trigger, copies what is there now (the files present) before the loop, and no more.
     */
    private void startIngester(Ingester ingester) {
        if (plan.trigger() instanceof Trigger.AvailableNow) {
            ingester.catchUp();
        } else {
            ingester.start();
        }
    }

    /** Opens the run's state and consumer, runs the loop and closes them. */
    private Outcome run(TopicSetup.Tasks tasks, ProducerStart producer) {
        List<KafkaTable> kafkaTables = plan.tables();
        StateStores stores = needsState() ? StateStores.open(settings.stateSettings()) : null;
        TaskCopies copies = new TaskCopies();
        StateTasks aggregation =
                plan.stateful().isEmpty()
                        ? null
                        : new StateTasks(
                                plan.name(),
                                plan.stateful().get(),
                                stores,
                                settings,
                                tasks,
                                listener,
                                copies);
        // a sink that sees batch ids needs each id to cover the same ranges across crashes
        BatchPlanLog planLog =
                plan.sink().seesBatchIds()
                        ? BatchPlanLog.open(
                                settings,
                                InternalTopics.batchPlans(plan.name()),
                                settings.instanceId())
                        : null;
        TableFeeds tables = null;
        Consumer<byte[], byte[]> consumer = null;
        // its three clients are made beside the state, the consumer and the producer's start
        BackgroundStart<PeerWatch> peers =
                BackgroundStart.begin(
                        "sluice-peers-start", () -> PeerWatch.start(settings, plan.name()));
        try {
            tables =
                    kafkaTables.isEmpty()
                            ? null
                            : TableFeeds.open(
                                    plan.name(),
                                    kafkaTables,
                                    stores,
                                    () -> clients.consumer(ClientConfigs.tableConsumer(settings)),
                                    listener);
            Map<String, Object> config = ClientConfigs.consumer(settings, plan);
            StandbyAssignor.addTo(config, settings.standbyReplicas(), taskTopics(tasks), copies);
            consumer = clients.consumer(config);
            return run(consumer, tables, aggregation, planLog, tasks, producer, peers);
        } finally {
            if (planLog != null) {
                planLog.close();
            }
            if (consumer != null) {
                CloseOptions close = CloseOptions.timeout(CLOSE_TIMEOUT);
                // A static member that stops on purpose leaves the group, so its partitions move
                // now.
                consumer.close(
                        finishedOnPurpose
                                ? close.withGroupMembershipOperation(
                                        GroupMembershipOperation.LEAVE_GROUP)
                                : close);
            }
            // a clean stop left the group: its tombstone tells the others not to act
            peers.awaitQuietly().ifPresent(watch -> watch.close(finishedOnPurpose));
            if (tables != null) {
                tables.close();
            }
            if (aggregation != null) {
                aggregation.close();
            }
            if (stores != null) {
                stores.close();
            }
        }
    }

    /** Runs the batch loop on clients and state opened by {@link #run()}, which closes them. */
    private Outcome run(
            Consumer<byte[], byte[]> consumer,
            TableFeeds tables,
            StateTasks aggregation,
            BatchPlanLog planLog,
            TopicSetup.Tasks tasks,
            ProducerStart producer,
            BackgroundStart<PeerWatch> peers) {
        Optional<TopicSetup.Repartition> repartition = tasks.repartition();
        try {
            TransactionalCommitter committer = producer.await();
            PeerWatch watch = peers.await(); // null when the watch is off
            BooleanSupplier peerRemoved = watch == null ? () -> false : watch::takeRemoval;
            listener.startupPhase("producer");
            BatchLoop.Parts parts =
                    new BatchLoop.Parts(
                            consumer,
                            committer,
                            aggregation,
                            tables,
                            repartition.map(this::repartitioner).orElse(null),
                            planLog,
                            output(tasks),
                            peerRemoved);
            BatchLoop loop = new BatchLoop(plan, settings, listener, () -> stopping, totals, parts);
            List<String> topics = new ArrayList<>(plan.source().allTopics());
            repartition.ifPresent(r -> topics.add(r.topic()));
            consumer.subscribe(topics, loop.rebalanceListener());
            log.info(
                    "Pipeline {} started as {} on {} (trigger {})",
                    plan.name(),
                    committer.transactionalId(),
                    settings.bootstrapServers(),
                    plan.trigger());
            plan.stateful()
                    .ifPresent(
                            stage ->
                                    stage.operator()
                                            .warnings()
                                            .forEach(
                                                    w ->
                                                            log.warn(
                                                                    "Pipeline {}: {}",
                                                                    plan.name(),
                                                                    w)));
            Outcome outcome = loop.run();
            finishedOnPurpose = true;
            listener.runEnded(outcome, null);
            return outcome;
        } catch (FencedException e) {
            log.error("Pipeline {} stopped: {}", plan.name(), e.getMessage());
            listener.runEnded(Outcome.FENCED, e.getMessage());
            return Outcome.FENCED;
        } catch (RecordException e) {
            log.error("Pipeline {} stopped by the fail policy: {}", plan.name(), e.getMessage());
            listener.runEnded(Outcome.FAILED_RECORD, e.getMessage());
            return Outcome.FAILED_RECORD;
        }
    }

    /** Whether the run keeps local state: a stateful step, or tables to join. */
    private boolean needsState() {
        return plan.stateful().isPresent() || !plan.tables().isEmpty();
    }

    /** The topics whose partitions are stateful tasks: none for a stateless pipeline. */
    private Set<String> taskTopics(TopicSetup.Tasks tasks) {
        if (plan.stateful().isEmpty()) {
            return Set.of();
        }
        return tasks.repartition()
                .map(r -> Set.of(r.topic()))
                .orElseGet(() -> Set.copyOf(plan.source().allTopics()));
    }

    /** The run's output; a file sink first settles what a crash left in its directory. */
    private OutputWriter output(TopicSetup.Tasks tasks) {
        if (plan.sink() instanceof SinkPlan.Files files) {
            // after the producer started: it aborted any transaction of the previous run
            String topic = InternalTopics.batchPlans(plan.name());
            return FileOutput.open(
                    files,
                    settings.instanceId(),
                    topic,
                    FileSinkMarks.committed(settings, topic, settings.instanceId()));
        }
        return OutputWriter.of(plan.sink(), console, maxOutputBytes(tasks));
    }

    /** The largest record the sink takes: the producer's limit, or the sink topic's if lower. */
    private int maxOutputBytes(TopicSetup.Tasks tasks) {
        return Math.min(
                ClientConfigs.maxRecordBytes(settings),
                tasks.sinkMaxMessageBytes().orElse(Integer.MAX_VALUE));
    }

    /** Moves the stateful step's input rows to the tasks of their keys. */
    private Repartitioner repartitioner(TopicSetup.Repartition repartition) {
        List<RowOperator> operators = plan.operators();
        Schema rows =
                plan.stateful()
                        .get()
                        .operator()
                        .inputSchema()
                        .orElseGet(
                                () ->
                                        operators.isEmpty()
                                                ? plan.source().schema()
                                                : operators
                                                        .get(operators.size() - 1)
                                                        .outputSchema());
        return new Repartitioner(
                repartition.topic(),
                repartition.partitions(),
                repartition.sources(),
                plan.stateful().get().operator().keyColumns(),
                rows,
                plan.stateful().get().operator().columnsRead(),
                plan.stateful().get().idleTimeout());
    }

    /** Asks the runner to stop after the batch in flight; returns at once. */
    public void stop() {
        stopping = true;
    }

    /** The counts of every committed batch so far; read from any thread, approximately current. */
    public BatchCounters totals() {
        return totals.counts();
    }

    /** The number of batches committed since start. */
    public long committedBatches() {
        return totals.batches();
    }
}
