package io.sluice.processor.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.Assignment;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.GroupSubscription;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.Subscription;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * The assignor around Kafka's cooperative sticky assignor, run as a group leader would run it on
 * members' subscriptions, without a broker.
 */
class StandbyAssignorTest {
    private static final String TASKS = "p-repartition";
    private static final Node NODE = new Node(0, "localhost", 9092);

    @Test
    void shouldTellEachMemberItsStandbysAndKeepWhatEachOwns() {
        Map<String, Member> members = new HashMap<>();
        members.put("a", new Member(1, tasks(0, 1)));
        members.put("b", new Member(1, tasks(2, 3)));

        Map<String, Assignment> assignment = assign(members, 4);

        assertThat(assignment.get("a").partitions())
                .containsExactlyInAnyOrderElementsOf(tasks(0, 1));
        assertThat(assignment.get("b").partitions())
                .containsExactlyInAnyOrderElementsOf(tasks(2, 3));
        assertThat(members.get("a").copies.standbys())
                .containsExactlyInAnyOrderElementsOf(tasks(2, 3));
        assertThat(members.get("b").copies.standbys())
                .containsExactlyInAnyOrderElementsOf(tasks(0, 1));
    }

    @Test
    void shouldGiveEachOrphanOfADeadMemberToTheMemberKeepingItsStandby() {
        Map<String, Member> members = new HashMap<>();
        members.put("a", new Member(1, tasks(0, 1)));
        members.put("b", new Member(1, tasks(2, 3)));
        // c owned tasks 4 and 5 and is gone; a followed 5, b followed 4
        members.get("a").copies.hold(task(5), 300);
        members.get("b").copies.hold(task(4), 200);

        Map<String, Assignment> assignment = assign(members, 6);

        assertThat(assignment.get("a").partitions())
                .containsExactlyInAnyOrderElementsOf(tasks(0, 1, 5));
        assertThat(assignment.get("b").partitions())
                .containsExactlyInAnyOrderElementsOf(tasks(2, 3, 4));
    }

    @Test
    void shouldRevokeBeforeMovingAPartitionToTheMemberWithAMoreCurrentCopy() {
        Map<String, Member> members = new HashMap<>();
        members.put("a", new Member(1, tasks(0, 1, 2, 3)));
        members.put("b", new Member(1, tasks()));
        members.get("b").copies.hold(task(0), 900);
        members.get("b").copies.hold(task(1), 900);

        Map<String, Assignment> first = assign(members, 4);

        // the cooperative rule: what a still owns is not handed to b in the same round
        assertThat(first.get("b").partitions()).isEmpty();
        assertThat(first.get("a").partitions()).hasSize(2);
        List<TopicPartition> revoked = new ArrayList<>(tasks(0, 1, 2, 3));
        revoked.removeAll(first.get("a").partitions());

        members.put("a", members.get("a").owning(first.get("a").partitions()));
        Map<String, Assignment> second = assign(members, 4);

        assertThat(second.get("b").partitions()).containsExactlyInAnyOrderElementsOf(revoked);
    }

    @Test
    void shouldReadItsUserDataBackAroundTheStickyAssignorsAndIgnoreDataItCannotRead() {
        ByteBuffer inner = ByteBuffer.wrap(new byte[] {1, 2, 3});
        ByteBuffer framed =
                StandbyAssignor.Framed.subscription(inner, Map.of(task(7), 42L, task(1), 0L));

        StandbyAssignor.Framed read = StandbyAssignor.Framed.ofSubscription(framed);
        StandbyAssignor.Framed noInner =
                StandbyAssignor.Framed.ofAssignment(
                        StandbyAssignor.Framed.assignment(null, tasks(3)));
        StandbyAssignor.Framed garbage =
                StandbyAssignor.Framed.ofSubscription(ByteBuffer.wrap(new byte[] {0, 1, 9}));

        assertThat(read.inner()).isEqualTo(ByteBuffer.wrap(new byte[] {1, 2, 3}));
        assertThat(read.copies()).isEqualTo(Map.of(task(7), 42L, task(1), 0L));
        assertThat(noInner.inner()).isNull();
        assertThat(noInner.copies()).containsOnlyKeys(task(3));
        assertThat(garbage.inner()).isNull();
        assertThat(garbage.copies()).isEmpty();
    }

    /** Runs one rebalance: a leader assigns, every member is told its assignment. */
    private static Map<String, Assignment> assign(Map<String, Member> members, int partitions) {
        Map<String, Subscription> subscriptions = new HashMap<>();
        members.forEach((id, member) -> subscriptions.put(id, member.subscription()));
        StandbyAssignor leader = members.values().iterator().next().assignor;
        Map<String, Assignment> assignment =
                leader.assign(cluster(partitions), new GroupSubscription(subscriptions))
                        .groupAssignment();
        members.forEach(
                (id, member) ->
                        member.assignor.onAssignment(
                                assignment.get(id),
                                new ConsumerGroupMetadata("p", 2, id, Optional.empty())));
        return assignment;
    }

    private static Cluster cluster(int partitions) {
        List<PartitionInfo> infos = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            infos.add(new PartitionInfo(TASKS, p, NODE, new Node[] {NODE}, new Node[] {NODE}));
        }
        return new Cluster("c", List.of(NODE), infos, Set.of(), Set.of());
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

    /** A member: its assignor, configured as the engine configures it, and what it owns. */
    private static final class Member {
        final StandbyAssignor assignor = new StandbyAssignor();
        final TaskCopies copies;
        final int replicas;
        final List<TopicPartition> owned;

        Member(int replicas, List<TopicPartition> owned) {
            this(replicas, owned, new TaskCopies());
        }

        private Member(int replicas, List<TopicPartition> owned, TaskCopies copies) {
            this.replicas = replicas;
            this.owned = owned;
            this.copies = copies;
            Map<String, Object> config = new HashMap<>();
            StandbyAssignor.addTo(config, replicas, Set.of(TASKS), copies);
            assignor.configure(config);
        }

        Member owning(List<TopicPartition> partitions) {
            return new Member(replicas, partitions, copies);
        }

        Subscription subscription() {
            return new Subscription(
                    List.of(TASKS),
                    assignor.subscriptionUserData(Set.of(TASKS)),
                    owned,
                    1,
                    Optional.empty());
        }
    }
}
