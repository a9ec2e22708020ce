package io.sluice.processor.stateful.groupstate;

import static io.sluice.processor.stateful.groupstate.Rows.BY_USER;
import static io.sluice.processor.stateful.groupstate.Rows.COUNT;
import static io.sluice.processor.stateful.groupstate.Rows.count;
import static io.sluice.processor.stateful.groupstate.Rows.event;
import static io.sluice.processor.stateful.groupstate.Rows.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.processor.plan.StatefulStage.EventTime;
import io.sluice.processor.stateful.StatefulOperator;
import io.sluice.processor.stateful.TaskInfo;
import io.sluice.processor.window.Admission;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroupStateOperatorTest {
    private static final long NO_WATERMARK = Long.MIN_VALUE;

    @TempDir Path directory;

    /** Counts a user's events; once quiet for a second, emits the count and drops the state. */
    private static final FlatMapGroupsWithStateFunction<Long> SESSION =
            (key, rows, state) -> {
                if (state.hasTimedOut()) {
                    long total = state.get();
                    state.remove();
                    return List.of(count(key.get(0), total)).iterator();
                }
                state.update(state.getOption().orElse(0L) + rows.size());
                state.setTimeoutDuration(Duration.ofSeconds(1));
                return Collections.emptyIterator();
            };

    /** Emits a user's running count of events with every batch that has some. */
    private static final MapGroupsWithStateFunction<Long> RUNNING_COUNT =
            (key, rows, state) -> {
                long total = state.getOption().orElse(0L) + rows.size();
                state.update(total);
                return count(key.get(0), total);
            };

    @Test
    void shouldFireProcessingTimeTimeoutsWithoutInputWhenTheDurationPassed() {
        StatefulOperator sessions =
                GroupStateSteps.flatMapGroupsWithState(
                        BY_USER,
                        COUNT,
                        StateCodec.longs(),
                        GroupStateTimeout.PROCESSING_TIME,
                        SESSION);
        try (TaskHarness task = new TaskHarness(directory, sessions, TaskInfo.single())) {
            List<String> first =
                    text(
                            task.commit(
                                    List.of(event("a", 1), event("a", 2), event("b", 3)),
                                    NO_WATERMARK,
                                    NO_WATERMARK,
                                    10_000));
            boolean dueEarly = task.hasDueWork(10_999, NO_WATERMARK);
            boolean dueOnTime = task.hasDueWork(11_000, NO_WATERMARK);

            List<String> timedOut =
                    text(task.commit(List.of(), NO_WATERMARK, NO_WATERMARK, 11_000));

            assertThat(first).isEmpty();
            assertThat(dueEarly).isFalse();
            assertThat(dueOnTime).isTrue();
            assertThat(timedOut).containsExactly("a=2", "b=1");
            assertThat(task.keys(GroupStateStore.STATES)).isZero();
            assertThat(task.keys(GroupStateStore.TIMEOUTS)).isZero();
            assertThat(task.hasDueWork(Long.MAX_VALUE - 1, NO_WATERMARK)).isFalse();
        }
    }

    @Test
    void shouldMoveTheTimeoutWhenAKeyGetsRowsBeforeItIsDue() {
        StatefulOperator sessions =
                GroupStateSteps.flatMapGroupsWithState(
                        BY_USER,
                        COUNT,
                        StateCodec.longs(),
                        GroupStateTimeout.PROCESSING_TIME,
                        SESSION);
        try (TaskHarness task = new TaskHarness(directory, sessions, TaskInfo.single())) {
            task.commit(List.of(event("a", 1)), NO_WATERMARK, NO_WATERMARK, 10_000);
            task.commit(List.of(event("a", 2)), NO_WATERMARK, NO_WATERMARK, 10_900);

            List<String> atFirstTimeout =
                    text(task.commit(List.of(), NO_WATERMARK, NO_WATERMARK, 11_000));
            List<String> atSecondTimeout =
                    text(task.commit(List.of(), NO_WATERMARK, NO_WATERMARK, 11_900));

            assertThat(atFirstTimeout).isEmpty();
            assertThat(atSecondTimeout).containsExactly("a=2");
            assertThat(task.keys(GroupStateStore.TIMEOUTS)).isZero();
        }
    }

    @Test
    void shouldLeaveStateUnchangedWhenTheBatchAborts() {
        StatefulOperator counts =
                GroupStateSteps.mapGroupsWithState(
                        BY_USER,
                        COUNT,
                        StateCodec.longs(),
                        GroupStateTimeout.NO_TIMEOUT,
                        RUNNING_COUNT);
        try (TaskHarness task = new TaskHarness(directory, counts, TaskInfo.single())) {
            List<String> first =
                    text(task.commit(List.of(event("a", 1)), NO_WATERMARK, NO_WATERMARK, 1));
            List<String> aborted =
                    text(
                            task.abort(
                                    List.of(event("a", 2), event("b", 2)),
                                    NO_WATERMARK,
                                    NO_WATERMARK,
                                    2));

            List<String> replayed =
                    text(
                            task.commit(
                                    List.of(event("a", 2), event("b", 2)),
                                    NO_WATERMARK,
                                    NO_WATERMARK,
                                    3));

            assertThat(first).containsExactly("a=1");
            assertThat(aborted).containsExactly("a=2", "b=1");
            assertThat(replayed).containsExactly("a=2", "b=1");
            assertThat(task.keys(GroupStateStore.STATES)).isEqualTo(2);
        }
    }

    @Test
    void shouldFireEventTimeTimeoutsWhenTheNewWatermarkReachesThemAndRefuseLateRows() {
        FlatMapGroupsWithStateFunction<Long> lastSeen =
                (key, rows, state) -> {
                    if (state.hasTimedOut()) {
                        long total = state.get();
                        state.remove();
                        return List.of(count(key.get(0), total)).iterator();
                    }
                    long latest = state.getCurrentWatermarkMs();
                    for (var row : rows) {
                        latest = Math.max(latest, (Long) row.get("time"));
                    }
                    state.update(state.getOption().orElse(0L) + rows.size());
                    state.setTimeoutTimestamp(latest + 5_000);
                    return Collections.emptyIterator();
                };
        StatefulOperator operator =
                GroupStateSteps.stage(
                                GroupStateSteps.flatMapGroupsWithState(
                                        BY_USER,
                                        COUNT,
                                        StateCodec.longs(),
                                        GroupStateTimeout.EVENT_TIME,
                                        lastSeen),
                                new EventTime.RecordTimestamp(),
                                Optional.of(Duration.ofSeconds(1)),
                                List.of())
                        .operator();
        try (TaskHarness task = new TaskHarness(directory, operator, TaskInfo.single())) {
            task.commit(List.of(event("a", 10_000), event("b", 12_000)), NO_WATERMARK, 11_000, 1);
            boolean dueBeforeA = task.hasDueWork(1, 14_999);
            boolean dueAtA = task.hasDueWork(1, 15_000);

            List<String> fired =
                    text(task.commit(List.of(event("late", 11_000)), 11_000, 15_000, 2));

            assertThat(dueBeforeA).isFalse();
            assertThat(dueAtA).isTrue();
            assertThat(fired).containsExactly("a=1");
            assertThat(task.admissions())
                    .containsExactly(Admission.ON_TIME, Admission.ON_TIME, Admission.LATE);
            assertThat(task.keys(GroupStateStore.STATES)).isEqualTo(1);
            assertThat(task.keys(GroupStateStore.TIMEOUTS)).isEqualTo(1);
        }
    }

    @Test
    void shouldKeepARemovedStatesTimeoutWhenTheCallSetsOne() {
        FlatMapGroupsWithStateFunction<Long> forgetButWake =
                (key, rows, state) -> {
                    if (state.hasTimedOut()) {
                        return List.of(count(key.get(0), state.exists() ? 1 : 0)).iterator();
                    }
                    state.remove();
                    state.setTimeoutDuration(100);
                    return Collections.emptyIterator();
                };
        StatefulOperator operator =
                GroupStateSteps.flatMapGroupsWithState(
                        BY_USER,
                        COUNT,
                        StateCodec.longs(),
                        GroupStateTimeout.PROCESSING_TIME,
                        forgetButWake);
        try (TaskHarness task = new TaskHarness(directory, operator, TaskInfo.single())) {
            task.commit(List.of(event("a", 1)), NO_WATERMARK, NO_WATERMARK, 1_000);
            long keysWhileWaiting = task.keys(GroupStateStore.STATES);

            List<String> woken = text(task.commit(List.of(), NO_WATERMARK, NO_WATERMARK, 1_100));

            assertThat(keysWhileWaiting).isEqualTo(1);
            assertThat(woken).containsExactly("a=0");
            // the timeout call set no new timeout and no state: the key is gone
            assertThat(task.keys(GroupStateStore.STATES)).isZero();
            assertThat(task.keys(GroupStateStore.TIMEOUTS)).isZero();
        }
    }
}
