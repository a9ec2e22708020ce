package io.sluice.processor.dstream;

import java.io.Serializable;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The entry point of the DStream API: a batch interval, a clock, and the graph of streams and
 * output operations evaluated batch by batch.
 *
 * <p>Build the graph (input streams, transformations, output operations), then {@link #start()}.
 * Each call of {@link #runDueBatches()} runs, in time order, every batch whose time the clock has
 * reached: the input streams read their batch, then each output operation, in the order they were
 * added, reads its stream's batch if the stream generates one at that time. Batch times are the
 * zero time plus multiples of the batch interval; the zero time is the clock's time at start,
 * floored to the interval, so the first batch is one interval after it.
 *
 * <p>Not thread-safe: build, start and run batches from one thread. A function that throws fails
 * its batch and stops the context (state changes of the failed batch are not rolled back).
 */
public final class StreamingContext {

    private final Duration batchInterval;
    private final Clock clock;
    private final StateStores stateStores;
    private final Map<String, StateStore<?, ?>> openedStores = new LinkedHashMap<>();
    private final List<StreamNode<?>> nodes = new ArrayList<>();
    private final List<OutputOperation<?>> outputs = new ArrayList<>();
    private Duration rememberDuration = Duration.ZERO;
    private ContextState state = ContextState.INITIALIZED;
    private Time zeroTime;
    private Time lastBatchTime;

    /**
     * A context whose batches are {@code batchInterval} apart on {@code clock}.
     *
     * @throws IllegalArgumentException when the interval is not a positive whole number of
     *     milliseconds
     */
    public StreamingContext(Duration batchInterval, Clock clock) {
        this(batchInterval, clock, StateStores.inMemory());
    }

    StreamingContext(Duration batchInterval, Clock clock, StateStores stateStores) {
        Checks.argument(
                batchInterval.toMillis() > 0 && batchInterval.toNanos() % 1_000_000 == 0,
                "batch interval %s must be a positive whole number of milliseconds",
                batchInterval);
        this.batchInterval = batchInterval;
        this.clock = clock;
        // remember every store opened, for checkpoints
        this.stateStores =
                new StateStores() {
                    @Override
                    public <K, S> StateStore<K, S> open(String name) {
                        StateStore<K, S> store = stateStores.open(name);
                        openedStores.put(name, store);
                        return store;
                    }
                };
    }

    /** The time between two batches. */
    public Duration batchInterval() {
        return batchInterval;
    }

    /**
     * Makes every stream keep its batches for at least {@code duration}, so that {@link
     * DStream#slice} can read them; a stream keeps only what its operations need otherwise.
     */
    public void remember(Duration duration) {
        Checks.argument(
                !duration.isNegative() && !duration.isZero(),
                "remember %s must be positive",
                duration);
        checkBuilding("remember");
        rememberDuration = duration;
    }

    /** A stream whose batches {@code source} gives, one per batch interval. */
    public <T> DStream<T> inputStream(BatchSource<T> source) {
        return new DStream<>(new InputNode<>(this, source));
    }

    /** A keyed stream whose batches {@code source} gives, one per batch interval. */
    public <K, V> PairDStream<K, V> pairInputStream(BatchSource<KeyValue<K, V>> source) {
        return new PairDStream<>(new InputNode<>(this, source));
    }

    /**
     * The text lines a TCP server at {@code host}:{@code port} sends, Spark's {@code
     * socketTextStream}: each batch holds the lines received since the last batch. A daemon thread
     * connects now, and again (with a backoff) whenever the server is away, until the context
     * stops. Lines received by a process that dies are lost: a socket cannot be read again.
     */
    public DStream<String> socketTextStream(String host, int port) {
        return inputStream(new SocketTextSource(host, port, () -> state == ContextState.STOPPED));
    }

    /**
     * The lines of the files that appear in {@code directory}, Spark's {@code textFileStream}: each
     * batch holds the lines of the files new since the last batch, in name order. Files already
     * there are not read; names starting with '.' or '_' are skipped, so move finished files in.
     *
     * @throws IllegalArgumentException when {@code directory} is not a directory
     */
    public DStream<String> textFileStream(java.nio.file.Path directory) {
        return inputStream(new TextFileSource(directory));
    }

    /**
     * Starts running batches: fixes the zero time and what each stream must remember.
     *
     * @throws IllegalStateException when already started or stopped, or when there is no output
     *     operation
     */
    public void start() {
        checkBuilding("start");
        Checks.state(
                !outputs.isEmpty(),
                "no output operation: add foreachBatch or print to a stream before start");
        zeroTime = Time.ofMillis(clock.millis()).floor(batchInterval, Time.ofMillis(0));
        for (StreamNode<?> node : nodes) {
            node.rememberAtLeast(rememberDuration);
        }
        // Children are created after their parents, so reverse order passes needs parentwards.
        for (int i = nodes.size() - 1; i >= 0; i--) {
            nodes.get(i).propagateRemember();
        }
        moveTo(ContextState.ACTIVE);
    }

    /**
     * Runs every batch whose time the clock has reached and that has not run, oldest first.
     *
     * @return the times of the batches run
     * @throws IllegalStateException when the context is not active
     */
    public List<Time> runDueBatches() {
        Checks.state(state == ContextState.ACTIVE, "batches run only while active, not %s", state);
        Time now = Time.ofMillis(clock.millis());
        List<Time> ran = new ArrayList<>();
        for (Time next = nextBatchTime(); !next.isAfter(now); next = nextBatchTime()) {
            runBatch(next);
            ran.add(next);
        }
        return ran;
    }

    /** Stops the context; no batch runs after it. Stopping twice does nothing. */
    public void stop() {
        if (state != ContextState.STOPPED) {
            moveTo(ContextState.STOPPED);
        }
    }

    /** The time of the last batch run (or running), or empty before the first. */
    public Optional<Time> lastBatchTime() {
        return Optional.ofNullable(lastBatchTime);
    }

    /** The time batch times count from; the first batch is one interval after it. */
    public Time zeroTime() {
        Checks.state(zeroTime != null, "the zero time is fixed at start");
        return zeroTime;
    }

    /**
     * The context's state after its last batch, as bytes: its batch times, the batches its streams
     * remember, and the state of its stateful operations. A job keeps it with the batch's outputs
     * (a Kafka job writes it in the batch's transaction) and gives it to {@link #restore} when it
     * starts again.
     *
     * @throws IllegalStateException when the context is not active, or a record or state the
     *     checkpoint needs is not {@link Serializable}
     */
    public byte[] checkpoint() {
        Checks.state(state == ContextState.ACTIVE, "checkpoints are taken while active");
        List<TreeMap<Time, List<?>>> batches = new ArrayList<>();
        List<Serializable> nodeStates = new ArrayList<>();
        for (StreamNode<?> node : nodes) {
            batches.add(
                    lastBatchTime == null
                            ? new TreeMap<>()
                            : node.checkpointBatches(lastBatchTime, batchInterval));
            nodeStates.add(node.checkpointState());
        }
        Map<String, List<KeyValue<?, ?>>> stores = new LinkedHashMap<>();
        openedStores.forEach((name, store) -> stores.put(name, new ArrayList<>(store.entries())));
        return Checkpoints.write(
                Checkpoints.snapshot(
                        zeroTime.milliseconds(),
                        lastBatchTime == null ? null : lastBatchTime.milliseconds(),
                        streamKinds(),
                        batches,
                        nodeStates,
                        stores));
    }

    /**
     * Puts back the state of a {@link #checkpoint} taken by a context with the same graph, after
     * {@link #start}: on a new context after a restart, or on this one to undo the batches run
     * since (their commit failed). The next batch is the one after the checkpoint's last.
     *
     * @throws IllegalStateException when not active, or the graph is not the one the checkpoint was
     *     taken of
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public void restore(byte[] checkpoint) {
        Checks.state(state == ContextState.ACTIVE, "restore after start");
        Checkpoints.Snapshot snapshot = Checkpoints.read(checkpoint);
        List<String> kinds = streamKinds();
        Checks.state(
                kinds.equals(snapshot.nodes())
                        && openedStores.keySet().equals(snapshot.stores().keySet()),
                "the checkpoint is of another graph (streams %s, stores %s), this one has %s and %s:"
                        + " build the same graph, or start from an empty checkpoint",
                snapshot.nodes(),
                snapshot.stores().keySet(),
                kinds,
                openedStores.keySet());
        zeroTime = Time.ofMillis(snapshot.zeroMs());
        lastBatchTime =
                snapshot.lastBatchMs() == null ? null : Time.ofMillis(snapshot.lastBatchMs());
        for (int i = 0; i < nodes.size(); i++) {
            nodes.get(i).restoreBatches(snapshot.batches().get(i));
            nodes.get(i).restoreState(snapshot.nodeStates().get(i));
        }
        snapshot.stores()
                .forEach(
                        (name, entries) -> {
                            StateStore store = openedStores.get(name);
                            for (Object entry : store.entries()) {
                                store.remove(((KeyValue) entry).key());
                            }
                            for (KeyValue entry : entries) {
                                store.put(entry.key(), entry.value());
                            }
                        });
    }

    /** The kind of each stream of the graph, in order: what a checkpoint must match. */
    private List<String> streamKinds() {
        List<String> kinds = new ArrayList<>(nodes.size());
        for (StreamNode<?> node : nodes) {
            kinds.add(node.getClass().getSimpleName());
        }
        return kinds;
    }

    int register(StreamNode<?> node) {
        checkBuilding("add a stream");
        nodes.add(node);
        return nodes.size();
    }

    <T> void addOutput(StreamNode<T> node, BatchConsumer<T> consumer) {
        checkBuilding("add an output operation");
        outputs.add(new OutputOperation<>(node, consumer));
    }

    StateStores stateStores() {
        return stateStores;
    }

    private Time nextBatchTime() {
        return (lastBatchTime == null ? zeroTime : lastBatchTime).plus(batchInterval);
    }

    private void runBatch(Time time) {
        lastBatchTime = time;
        try {
            for (StreamNode<?> node : nodes) {
                if (node.isStateful()) {
                    node.getOrCompute(time);
                }
            }
            for (OutputOperation<?> output : outputs) {
                output.run(time);
            }
        } catch (RuntimeException | Error e) {
            moveTo(ContextState.STOPPED);
            throw e;
        }
        for (StreamNode<?> node : nodes) {
            node.forgetOldBatches(time);
        }
    }

    private void checkBuilding(String action) {
        Checks.state(
                state == ContextState.INITIALIZED,
                "cannot %s once the context is %s: build the whole graph before start",
                action,
                state);
    }

    private void moveTo(ContextState next) {
        Checks.state(state.next().contains(next), "cannot go from %s to %s", state, next);
        state = next;
    }

    /** An output operation: a stream and the function its batches go to. */
    private record OutputOperation<T>(StreamNode<T> node, BatchConsumer<T> consumer) {

        void run(Time time) {
            node.getOrCompute(time).ifPresent(records -> consumer.accept(records, time));
        }
    }
}
