package io.sluice.processor.stateful.groupstate;

import static io.sluice.processor.stateful.groupstate.Rows.BY_USER;
import static io.sluice.processor.stateful.groupstate.Rows.COUNT;
import static io.sluice.processor.stateful.groupstate.Rows.count;
import static io.sluice.processor.stateful.groupstate.Rows.event;
import static io.sluice.processor.stateful.groupstate.Rows.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.processor.stateful.StatefulOperator;
import io.sluice.processor.stateful.TaskInfo;
import io.sluice.processor.window.GroupKey;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpdateStateByKeyOperatorTest {
    private static final long NONE = Long.MIN_VALUE;

    @TempDir Path directory;

    /** Counts events per user; a user whose event time is 0 is reset (state removed). */
    private static StatefulOperator counts(Map<GroupKey, Long> initial) {
        return GroupStateSteps.updateStateByKey(
                BY_USER,
                row -> (Long) row.get("time"),
                (times, state) ->
                        times.contains(0L)
                                ? Optional.empty()
                                : Optional.of(state.orElse(0L) + times.size()),
                StateCodec.longs(),
                initial,
                COUNT,
                (key, total) -> count(key.get(0), total));
    }

    @Test
    void shouldSeedTheInitialStateOnceAndEmitTheWholeStateEveryBatch() {
        StatefulOperator operator =
                counts(Map.of(GroupKey.of("hello"), 1L, GroupKey.of("world"), 1L));
        try (TaskHarness task = new TaskHarness(directory, operator, TaskInfo.single())) {
            List<String> first =
                    text(task.commit(List.of(event("hello", 5), event("foo", 5)), NONE, NONE, 1));
            List<String> quiet = text(task.commit(List.of(), NONE, NONE, 2));
            List<String> third =
                    text(task.commit(List.of(event("world", 5), event("world", 6)), NONE, NONE, 3));

            assertThat(first).containsExactlyInAnyOrder("hello=2", "world=1", "foo=1");
            assertThat(quiet).containsExactlyInAnyOrder("hello=2", "world=1", "foo=1");
            assertThat(third).containsExactlyInAnyOrder("hello=2", "world=3", "foo=1");
            assertThat(task.keys(GroupStateStore.STATES)).isEqualTo(3 + 1); // and the seeded mark
        }
    }

    @Test
    void shouldForgetAKeyWhenTheUpdateReturnsNoState() {
        try (TaskHarness task = new TaskHarness(directory, counts(Map.of()), TaskInfo.single())) {
            task.commit(List.of(event("a", 5), event("b", 5)), NONE, NONE, 1);

            List<String> afterReset = text(task.commit(List.of(event("a", 0)), NONE, NONE, 2));

            assertThat(afterReset).containsExactly("b=1");
            assertThat(task.keys(GroupStateStore.STATES)).isEqualTo(1 + 1);
        }
    }

    @Test
    void shouldSeedEachKeyInTheTaskThatOwnsItWhenThereAreSeveralTasks() {
        Map<GroupKey, Long> initial = new LinkedHashMap<>();
        for (int i = 0; i < 20; i++) {
            initial.put(GroupKey.of("user" + i), (long) i);
        }
        KeyCodec keys = new KeyCodec(BY_USER);
        List<List<String>> perTask = new ArrayList<>();
        List<List<String>> expected = new ArrayList<>();

        for (int partition = 0; partition < 3; partition++) {
            try (TaskHarness task =
                    new TaskHarness(
                            directory.resolve("p" + partition),
                            counts(initial),
                            new TaskInfo(partition, 3, true))) {
                perTask.add(text(task.commit(List.of(), NONE, NONE, 1)));
            }
            List<String> owned = new ArrayList<>();
            for (Map.Entry<GroupKey, Long> entry : initial.entrySet()) {
                if (TaskInfo.taskOf(keys.encode(entry.getKey()), 3) == partition) {
                    owned.add(entry.getKey().get(0) + "=" + entry.getValue());
                }
            }
            expected.add(owned);
        }

        for (int partition = 0; partition < 3; partition++) {
            assertThat(perTask.get(partition))
                    .containsExactlyInAnyOrderElementsOf(expected.get(partition));
        }
        assertThat(perTask.stream().mapToInt(List::size).sum()).isEqualTo(20);
    }

    @Test
    void shouldRefuseAnInitialStateWhenTheTaskCannotTellItsKeys() {
        StatefulOperator operator = counts(Map.of(GroupKey.of("hello"), 1L));

        assertThatThrownBy(() -> new TaskHarness(directory, operator, new TaskInfo(1, 3, false)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("partitionedBy");
    }
}
