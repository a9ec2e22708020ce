package io.sluice.processor.engine;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.processor.BatchRetryException;
import io.sluice.processor.RowCollector;
import io.sluice.processor.StateCorruptedException;
import io.sluice.processor.plan.StatefulStage;
import io.sluice.processor.state.StateBatch;
import io.sluice.processor.state.StateSettings;
import io.sluice.processor.state.StateStores;
import io.sluice.processor.state.TaskStore;
import io.sluice.processor.stateful.StatefulOperator;
import io.sluice.processor.stateful.TaskInfo;
import io.sluice.processor.stateful.TaskOperator;
import io.sluice.processor.window.Admission;
import io.sluice.processor.window.GroupColumn;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Restoring tasks' state between batches, in chunks, and wiping and restoring a task whose local
 * state cannot be trusted; the changelog and the main consumer are mock consumers.
 */
class StateTasksTest {
    private static final String PIPELINE = "counts";
    private static final TopicPartition P0 = new TopicPartition("input", 0);
    private static final TopicPartition CHANGELOG =
            new TopicPartition(StateTasks.changelogTopic(PIPELINE, "counts"), 0);
    private static final int MAX_STEPS = 20;

    @TempDir Path directory;

    private final MockConsumer<byte[], byte[]> changelog = new MockConsumer<>("earliest");
    private final MockConsumer<byte[], byte[]> main = new MockConsumer<>("earliest");
    private final MockConsumer<byte[], byte[]> standbyChangelog = new MockConsumer<>("earliest");
    private final TaskCopies copies = new TaskCopies();
    private final RecordingListener listener = new RecordingListener();
    private StateStores stores;
    private StateTasks tasks;

    @BeforeEach
    void open() {
        stores = StateStores.open(new StateSettings(directory, 32L << 20));
        StatefulStage stage =
                new StatefulStage(
                        new FailOnBadBytes(),
                        new StatefulStage.EventTime.RecordTimestamp(),
                        Optional.empty(),
                        StatefulStage.DEFAULT_IDLE_TIMEOUT,
                        false,
                        List.of());
        tasks =
                new StateTasks(
                        PIPELINE,
                        stage,
                        stores,
                        EngineSettings.of("localhost:9092", "test").withStateDirectory(directory),
                        new TopicSetup.Tasks(1, Optional.empty()),
                        listener,
                        new ChangelogReader(changelog, changelog),
                        copies,
                        () ->
                                new ChangelogReader(
                                        standbyChangelog, standbyChangelog, Duration.ZERO));
        main.assign(List.of(P0));
        main.updateBeginningOffsets(Map.of(P0, 0L));
        changelog.updateBeginningOffsets(Map.of(CHANGELOG, 0L));
        standbyChangelog.updateBeginningOffsets(Map.of(CHANGELOG, 0L));
    }

    @AfterEach
    void close() {
        tasks.close();
        assertThat(stores.openNativeHandles()).as("handles of closed tasks").isPositive();
        stores.close();
    }

    @Test
    void shouldRegisterTheTaskWithoutReadingItsChangelogWhenPartitionsAreAssigned() {
        Rebalance rebalance =
                new Rebalance(
                        main,
                        new PartitionProgress(),
                        new BatchReader(main, Duration.ofMillis(1)),
                        tasks,
                        listener);

        rebalance.onPartitionsAssigned(List.of(P0));

        assertThat(changelog.assignment()).isEmpty();
        assertThat(changelog.lastPollTimeout()).isNull();
        assertThat(tasks.isRestoring(P0)).isTrue();
        assertThat(listener.events).containsExactly("restoring input-0 0/0", "assigned [input-0]");
    }

    @Test
    void shouldReportProgressPerChunkAndPauseThePartitionUntilRestoredWhenChunksAreSmall() {
        tasks.assigned(P0, Long.MIN_VALUE);
        changelog.updateEndOffsets(Map.of(CHANGELOG, 5L));
        changelog.setMaxPollRecords(2);
        changelog.schedulePollTask(() -> addChangelogRecords(0, "a", "b", "c", "d", "e"));

        List<Boolean> paused = new ArrayList<>();
        for (int step = 0; step < MAX_STEPS && tasks.isRestoring(P0); step++) {
            tasks.restoreStep(main);
            paused.add(main.paused().contains(P0));
        }

        assertThat(listener.events)
                .containsExactly(
                        "restoring input-0 0/0",
                        "restoring input-0 0/5",
                        "restoring input-0 2/5",
                        "restoring input-0 4/5",
                        "restoring input-0 5/5",
                        "restored input-0");
        assertThat(paused).containsExactly(true, true, false);
        assertThat(tasks.keyCount(P0, "counts")).isEqualTo(5);
    }

    @Test
    void shouldWipeAndRestoreFromTheChangelogWhenTheStoreCannotBeOpened() throws IOException {
        Path task = directory.resolve(PIPELINE).resolve("input-0");
        Files.createDirectories(task);
        Files.writeString(task.resolve("CURRENT"), "garbage");
        tasks.assigned(P0, Long.MIN_VALUE);
        changelog.updateEndOffsets(Map.of(CHANGELOG, 2L));
        changelog.schedulePollTask(() -> addChangelogRecords(0, "a", "b"));

        restoreAll();

        assertThat(listener.events)
                .containsExactly(
                        "restoring input-0 0/0",
                        "corrupted input-0",
                        "restoring input-0 0/0",
                        "restoring input-0 0/2",
                        "restoring input-0 2/2",
                        "restored input-0");
        assertThat(tasks.keyCount(P0, "counts")).isEqualTo(2);
    }

    @Test
    void shouldAbortTheBatchAndRestoreTheTaskFromOffsetZeroWhenItsStateFailsInABatch() {
        tasks.assigned(P0, Long.MIN_VALUE);
        changelog.updateEndOffsets(Map.of(CHANGELOG, 2L));
        changelog.schedulePollTask(() -> addChangelogRecords(0, "bad", "b"));
        restoreAll();
        listener.events.clear();

        assertThatThrownBy(() -> tasks.add(input(), null, 0, 0))
                .isInstanceOf(BatchRetryException.class)
                .hasCauseInstanceOf(StateCorruptedException.class);
        tasks.aborted();
        boolean restoringAfterAbort = tasks.isRestoring(P0);
        changelog.schedulePollTask(() -> addChangelogRecords(0, "a", "b"));
        restoreAll();

        assertThat(restoringAfterAbort).isTrue();
        assertThat(listener.events)
                .containsExactly(
                        "corrupted input-0",
                        "restoring input-0 0/0",
                        "restoring input-0 0/2",
                        "restoring input-0 2/2",
                        "restored input-0");
        assertThat(tasks.add(input(), null, 0, 0)).isEqualTo(Admission.ON_TIME);
    }

    @Test
    void shouldRestoreOnlyWhatItsStandbyHadNotReadWhenAStandbyTaskBecomesActive() {
        copies.standbysAssigned(Set.of(P0));
        standbyChangelog.updateEndOffsets(Map.of(CHANGELOG, 4L));
        standbyChangelog.schedulePollTask(
                () -> addRecords(standbyChangelog, 0, "a", "b", "c", "d"));
        for (int step = 0; step < MAX_STEPS && copies.held().getOrDefault(P0, 0L) < 4; step++) {
            tasks.restoreStep(main);
        }
        boolean followedBeforeActive = tasks.standbyLags().containsKey(P0);
        Map<TopicPartition, Long> held = copies.held();

        tasks.assigned(P0, Long.MIN_VALUE);
        changelog.updateEndOffsets(Map.of(CHANGELOG, 6L));
        changelog.schedulePollTask(() -> addChangelogRecords(4, "e", "f"));
        restoreAll();

        assertThat(followedBeforeActive).isTrue();
        assertThat(held).containsEntry(P0, 4L);
        assertThat(tasks.standbyLags()).isEmpty();
        assertThat(listener.events)
                .containsSubsequence(
                        "restoring input-0 0/2", "restoring input-0 2/2", "restored input-0");
        assertThat(tasks.keyCount(P0, "counts")).isEqualTo(4);
    }

    @Test
    void shouldReadNoChangelogWhenTheStandbyHandedOverHadReadPastTheLastCommitMarker() {
        copies.standbysAssigned(Set.of(P0));
        standbyChangelog.updateEndOffsets(Map.of(CHANGELOG, 4L));
        standbyChangelog.schedulePollTask(() -> addRecords(standbyChangelog, 0, "a", "b", "c"));
        for (int step = 0; step < MAX_STEPS && copies.held().getOrDefault(P0, 0L) < 3; step++) {
            tasks.restoreStep(main);
        }
        standbyChangelog.seek(CHANGELOG, 4L); // past the commit marker at offset 3

        tasks.assigned(P0, Long.MIN_VALUE);
        changelog.updateEndOffsets(Map.of(CHANGELOG, 4L));
        restoreAll();

        assertThat(changelog.assignment()).isEmpty(); // the restore had nothing to read
        assertThat(listener.events).contains("restored input-0");
        assertThat(tasks.keyCount(P0, "counts")).isEqualTo(3);
    }

    @Test
    void shouldWipeAStandbyWhoseStoreCannotBeOpenedAndFollowItsChangelogFromTheBeginning()
            throws IOException {
        Path task = directory.resolve(PIPELINE).resolve("input-0");
        Files.createDirectories(task);
        Files.writeString(task.resolve("CURRENT"), "garbage");
        copies.standbysAssigned(Set.of(P0));
        standbyChangelog.updateEndOffsets(Map.of(CHANGELOG, 3L));
        standbyChangelog.schedulePollTask(() -> addRecords(standbyChangelog, 0, "a", "b", "c"));

        for (int step = 0; step < MAX_STEPS && copies.held().getOrDefault(P0, 0L) < 3; step++) {
            tasks.restoreStep(main);
        }

        assertThat(copies.held()).containsEntry(P0, 3L);
        copies.standbysAssigned(Set.of());
        tasks.restoreStep(main);
        assertThat(tasks.standbyLags()).isEmpty();
        assertThat(standbyChangelog.assignment()).isEmpty();
    }

    private void addRecords(
            MockConsumer<byte[], byte[]> consumer, long fromOffset, String... values) {
        for (int i = 0; i < values.length; i++) {
            consumer.addRecord(
                    new ConsumerRecord<>(
                            CHANGELOG.topic(),
                            CHANGELOG.partition(),
                            fromOffset + i,
                            ("k" + i).getBytes(UTF_8),
                            values[i].getBytes(UTF_8)));
        }
    }

    private void restoreAll() {
        for (int step = 0; step < MAX_STEPS && tasks.isRestoring(P0); step++) {
            tasks.restoreStep(main);
        }
        assertThat(tasks.isRestoring(P0)).as("restored within %s steps", MAX_STEPS).isFalse();
    }

    /** Records at {@code fromOffset} on: key i, the given values. */
    private void addChangelogRecords(long fromOffset, String... values) {
        for (int i = 0; i < values.length; i++) {
            changelog.addRecord(
                    new ConsumerRecord<>(
                            CHANGELOG.topic(),
                            CHANGELOG.partition(),
                            fromOffset + i,
                            ("k" + i).getBytes(UTF_8),
                            values[i].getBytes(UTF_8)));
        }
    }

    private static ConsumerRecord<byte[], byte[]> input() {
        return new ConsumerRecord<>(P0.topic(), P0.partition(), 0, null, new byte[0]);
    }

    /** A stateful step whose rows read key k0 and fail, as a codec would, on the bytes "bad". */
    static final class FailOnBadBytes implements StatefulOperator {
        @Override
        public List<String> stores() {
            return List.of("counts");
        }

        @Override
        public List<GroupColumn> keyColumns() {
            return List.of();
        }

        @Override
        public Schema outputSchema() {
            return SchemaBuilder.record("Count").fields().requiredLong("n").endRecord();
        }

        @Override
        public String describe() {
            return "fail on bad bytes";
        }

        @Override
        public TaskOperator open(TaskStore store, StateBatch pending, TaskInfo task) {
            return new TaskOperator() {
                @Override
                public Admission add(GenericRecord row, long eventTimeMs, long watermarkMs) {
                    byte[] value = store.store("counts").get("k0".getBytes(UTF_8));
                    if (value != null && new String(value, UTF_8).equals("bad")) {
                        throw new StateCorruptedException("k0 holds bad bytes");
                    }
                    return Admission.ON_TIME;
                }

                @Override
                public void finish(
                        long watermarkMs, long nextWatermarkMs, long nowMs, RowCollector out) {}

                @Override
                public void aborted() {}
            };
        }
    }

    /** Remembers restore and assignment calls as text. */
    private static final class RecordingListener implements EngineListener {
        final List<String> events = new ArrayList<>();

        @Override
        public void partitionsAssigned(Collection<TopicPartition> partitions) {
            events.add("assigned " + partitions);
        }

        @Override
        public void restoring(TopicPartition partition, long restored, long total) {
            events.add("restoring " + partition + " " + restored + "/" + total);
        }

        @Override
        public void restored(TopicPartition partition) {
            events.add("restored " + partition);
        }

        @Override
        public void stateCorrupted(TopicPartition partition, StateCorruptedException cause) {
            events.add("corrupted " + partition);
        }
    }
}
