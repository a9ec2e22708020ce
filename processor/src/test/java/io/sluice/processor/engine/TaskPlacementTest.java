package io.sluice.processor.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The leader's placement of active partitions and standby copies, without a broker. */
class TaskPlacementTest {
    private static final String TASKS = "p-repartition";
    private static final Set<String> TASK_TOPICS = Set.of(TASKS);

    @Test
    void shouldPlaceEachStandbyOnAnotherMemberThanTheOwnerAndSpreadThemEvenly() {
        Map<String, List<TopicPartition>> sticky =
                Map.of("a", tasks(0, 1), "b", tasks(2, 3), "c", tasks(4, 5));
        Map<String, TaskPlacement.Member> members =
                Map.of("a", owning(0, 1), "b", owning(2, 3), "c", owning(4, 5));

        TaskPlacement.Placement placement = TaskPlacement.place(sticky, members, TASK_TOPICS, 1);

        assertThat(placement.active()).isEqualTo(sticky);
        for (TopicPartition task : tasks(0, 1, 2, 3, 4, 5)) {
            List<String> holders = standbyHolders(placement, task);
            assertThat(holders).as("standbys of %s", task).hasSize(1);
            assertThat(placement.active().get(holders.get(0))).doesNotContain(task);
        }
        assertThat(placement.standbys().values()).allSatisfy(s -> assertThat(s).hasSize(2));
    }

    @Test
    void shouldKeepOneStandbyPerOtherMemberWhenMoreReplicasAreWantedThanMembers() {
        Map<String, List<TopicPartition>> sticky = Map.of("a", tasks(0, 1), "b", tasks(2));
        Map<String, TaskPlacement.Member> members = Map.of("a", owning(0, 1), "b", owning(2));

        TaskPlacement.Placement placement = TaskPlacement.place(sticky, members, TASK_TOPICS, 3);

        assertThat(placement.standbys())
                .containsEntry("a", tasks(2))
                .containsEntry("b", tasks(0, 1));
    }

    @Test
    void shouldPlaceNoStandbyWhenAlone() {
        TaskPlacement.Placement placement =
                TaskPlacement.place(
                        Map.of("a", tasks(0, 1)), Map.of("a", owning(0, 1)), TASK_TOPICS, 1);

        assertThat(placement.standbys()).containsEntry("a", List.of());
    }

    @Test
    void shouldPlaceStandbysOnlyForTaskTopicsAndNoneWithZeroReplicas() {
        TopicPartition source = new TopicPartition("p-source", 0);
        Map<String, List<TopicPartition>> sticky =
                Map.of("a", List.of(source, task(0)), "b", tasks(1));
        Map<String, TaskPlacement.Member> members =
                Map.of(
                        "a",
                        new TaskPlacement.Member(Set.of(source, task(0)), Map.of()),
                        "b",
                        owning(1));

        TaskPlacement.Placement one = TaskPlacement.place(sticky, members, TASK_TOPICS, 1);
        TaskPlacement.Placement none = TaskPlacement.place(sticky, members, TASK_TOPICS, 0);

        assertThat(one.standbys()).containsEntry("a", tasks(1)).containsEntry("b", tasks(0));
        assertThat(none.standbys()).containsEntry("a", List.of()).containsEntry("b", List.of());
    }

    @Test
    void shouldPreferAMemberHoldingACopyForAStandby() {
        Map<String, List<TopicPartition>> sticky =
                Map.of("a", tasks(0), "b", tasks(1), "c", tasks(2));
        Map<String, TaskPlacement.Member> members =
                Map.of(
                        "a",
                        owning(0),
                        "b",
                        owning(1),
                        "c",
                        new TaskPlacement.Member(Set.of(task(2)), Map.of(task(0), 40L)));

        TaskPlacement.Placement placement = TaskPlacement.place(sticky, members, TASK_TOPICS, 1);

        assertThat(standbyHolders(placement, task(0))).containsExactly("c");
    }

    @Test
    void shouldGiveAnOrphanedPartitionToTheMemberHoldingACopyOfItsTask() {
        // b's old owner is gone; the sticky assignor gave task 1 to a, which has no copy of it
        Map<String, List<TopicPartition>> sticky = Map.of("a", tasks(0, 1), "b", tasks(2));
        Map<String, TaskPlacement.Member> members =
                Map.of(
                        "a",
                        owning(0),
                        "b",
                        new TaskPlacement.Member(Set.of(), Map.of(task(1), 500L)));

        TaskPlacement.Placement placement = TaskPlacement.place(sticky, members, TASK_TOPICS, 0);

        assertThat(placement.active()).containsEntry("a", tasks(0)).containsEntry("b", tasks(2, 1));
    }

    @Test
    void shouldGiveAnOrphanedPartitionToTheMostCurrentCopy() {
        Map<String, List<TopicPartition>> sticky =
                Map.of("a", tasks(0), "b", tasks(1), "c", tasks(2, 3));
        Map<String, TaskPlacement.Member> members =
                Map.of(
                        "a",
                        new TaskPlacement.Member(Set.of(task(0)), Map.of(task(3), 10L)),
                        "b",
                        new TaskPlacement.Member(Set.of(task(1)), Map.of(task(3), 900L)),
                        "c",
                        new TaskPlacement.Member(Set.of(), Map.of()));

        TaskPlacement.Placement placement = TaskPlacement.place(sticky, members, TASK_TOPICS, 0);

        assertThat(placement.active().get("b")).containsExactly(task(1), task(3));
        assertThat(placement.active().get("c")).containsExactly(task(2));
    }

    @Test
    void shouldSwapOrphansWhenTheHolderHasNoRoomForAnotherPartition() {
        // four tasks on two members: each may have two; b holds a copy of the orphan a was given
        Map<String, List<TopicPartition>> sticky = Map.of("a", tasks(0, 2), "b", tasks(1, 3));
        Map<String, TaskPlacement.Member> members =
                Map.of(
                        "a",
                        owning(0),
                        "b",
                        new TaskPlacement.Member(Set.of(task(1)), Map.of(task(2), 70L)));

        TaskPlacement.Placement placement = TaskPlacement.place(sticky, members, TASK_TOPICS, 0);

        assertThat(placement.active())
                .containsEntry("a", tasks(0, 3))
                .containsEntry("b", tasks(1, 2));
    }

    @Test
    void shouldNotUnbalanceTheGroupForACopy() {
        // b holds copies of both orphans but owns two already: the cap is two each
        Map<String, List<TopicPartition>> sticky = Map.of("a", tasks(2, 3), "b", tasks(0, 1));
        Map<String, TaskPlacement.Member> members =
                Map.of(
                        "a",
                        owning(),
                        "b",
                        new TaskPlacement.Member(
                                Set.of(task(0), task(1)), Map.of(task(2), 5L, task(3), 5L)));

        TaskPlacement.Placement placement = TaskPlacement.place(sticky, members, TASK_TOPICS, 0);

        assertThat(placement.active()).isEqualTo(sticky);
    }

    @Test
    void shouldNeverHandAPartitionStillOwnedByOneMemberToAnother() {
        // a still owns task 1 (cooperative: revoked first, reassigned in a later round)
        Map<String, List<TopicPartition>> sticky = Map.of("a", tasks(0, 1), "b", tasks());
        Map<String, TaskPlacement.Member> members =
                Map.of(
                        "a",
                        owning(0, 1),
                        "b",
                        new TaskPlacement.Member(Set.of(), Map.of(task(1), 1_000L)));

        TaskPlacement.Placement placement = TaskPlacement.place(sticky, members, TASK_TOPICS, 0);

        assertThat(placement.active()).isEqualTo(sticky);
    }

    private static List<String> standbyHolders(
            TaskPlacement.Placement placement, TopicPartition task) {
        List<String> holders = new ArrayList<>();
        placement
                .standbys()
                .forEach(
                        (member, standbys) -> {
                            if (standbys.contains(task)) {
                                holders.add(member);
                            }
                        });
        return holders;
    }

    private static TaskPlacement.Member owning(int... partitions) {
        return new TaskPlacement.Member(Set.copyOf(tasks(partitions)), Map.of());
    }

    private static List<TopicPartition> tasks(int... partitions) {
        List<TopicPartition> tasks = new ArrayList<>();
        for (int partition : partitions) {
            tasks.add(task(partition));
        }
        return tasks;
    }

    private static TopicPartition task(int partition) {
        return new TopicPartition(TASKS, partition);
    }
}
