package io.sluice.topologies;

import io.sluice.testkit.KafkaCluster;
import io.sluice.testkit.Topics;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;

/** What a pipeline's consumer group has committed and who is in it, as Kafka sees it. */
final class ConsumerGroups {
    private ConsumerGroups() {}

    /** Input offsets not yet committed by the group: zero once it has processed everything. */
    static long lag(KafkaCluster kafka, String group, String topic) throws Exception {
        Map<TopicPartition, Long> ends = Topics.endOffsets(kafka, topic);
        try (Admin admin = Admin.create(kafka.adminConfig())) {
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(group)
                            .partitionsToOffsetAndMetadata()
                            .get(30, TimeUnit.SECONDS);
            long lag = 0;
            for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
                OffsetAndMetadata offset = committed.get(end.getKey());
                lag += end.getValue() - (offset == null ? 0 : offset.offset());
            }
            return lag;
        }
    }

    /** The sum of the group's committed offsets on {@code topic}: grows as batches commit. */
    static long committed(KafkaCluster kafka, String group, String topic) throws Exception {
        try (Admin admin = Admin.create(kafka.adminConfig())) {
            long committed = 0;
            for (Map.Entry<TopicPartition, OffsetAndMetadata> offset :
                    admin.listConsumerGroupOffsets(group)
                            .partitionsToOffsetAndMetadata()
                            .get(30, TimeUnit.SECONDS)
                            .entrySet()) {
                if (offset.getKey().topic().equals(topic) && offset.getValue() != null) {
                    committed += offset.getValue().offset();
                }
            }
            return committed;
        }
    }

    /** The number of members that own at least one partition. */
    static int membersWithPartitions(KafkaCluster kafka, String group) throws Exception {
        try (Admin admin = Admin.create(kafka.adminConfig())) {
            ConsumerGroupDescription description = describe(admin, group);
            int owning = 0;
            for (MemberDescription member : description.members()) {
                if (!member.assignment().topicPartitions().isEmpty()) {
                    owning++;
                }
            }
            return owning;
        }
    }

    /**
     * The static member ids ({@code group.instance.id}) of the members that own at least one
     * partition once the group is stable; empty while it rebalances.
     */
    static Set<String> stableOwners(KafkaCluster kafka, String group) throws Exception {
        return stableOwners(kafka, group, null);
    }

    /**
     * As {@link #stableOwners(KafkaCluster, String)}, counting only partitions of {@code topic}
     * (all topics when null).
     */
    static Set<String> stableOwners(KafkaCluster kafka, String group, String topic)
            throws Exception {
        try (Admin admin = Admin.create(kafka.adminConfig())) {
            ConsumerGroupDescription description = describe(admin, group);
            Set<String> owners = new TreeSet<>();
            if (description.groupState() != GroupState.STABLE) {
                return owners;
            }
            for (MemberDescription member : description.members()) {
                if (member.assignment().topicPartitions().stream()
                        .anyMatch(p -> topic == null || p.topic().equals(topic))) {
                    owners.add(member.groupInstanceId().orElse(member.consumerId()));
                }
            }
            return owners;
        }
    }

    /**
     * The partitions of {@code topic} that the member with static id {@code instance} owns once the
     * group is stable; empty while it rebalances.
     */
    static Set<TopicPartition> ownedBy(
            KafkaCluster kafka, String group, String instance, String topic) throws Exception {
        try (Admin admin = Admin.create(kafka.adminConfig())) {
            ConsumerGroupDescription description = describe(admin, group);
            Set<TopicPartition> owned =
                    new TreeSet<>(java.util.Comparator.comparingInt(TopicPartition::partition));
            if (description.groupState() != GroupState.STABLE) {
                return owned;
            }
            for (MemberDescription member : description.members()) {
                if (member.groupInstanceId().filter(instance::equals).isPresent()) {
                    member.assignment().topicPartitions().stream()
                            .filter(p -> p.topic().equals(topic))
                            .forEach(owned::add);
                }
            }
            return owned;
        }
    }

    private static ConsumerGroupDescription describe(Admin admin, String group) throws Exception {
        return admin.describeConsumerGroups(List.of(group))
                .describedGroups()
                .get(group)
                .get(30, TimeUnit.SECONDS);
    }
}
