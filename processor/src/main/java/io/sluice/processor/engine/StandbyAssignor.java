package io.sluice.processor.engine;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Configurable;
import org.apache.kafka.common.TopicPartition;

/**
 * The partition assignor of a pipeline's consumer group: Kafka's {@link CooperativeStickyAssignor}
 * for the active partitions, then {@link TaskPlacement} to prefer members holding a current copy of
 * an orphaned task's state and to place standby copies of every stateful task.
 *
 * <p>A member's subscription user data frames the sticky assignor's own user data and adds the
 * tasks this member holds a copy of, with their currency ({@link TaskCopies}); an assignment's user
 * data frames the sticky assignor's and adds the member's standby tasks. Public only because the
 * consumer instantiates it by class name; the engine configures it with {@link #configure}.
 */
public final class StandbyAssignor implements ConsumerPartitionAssignor, Configurable {
    /** The protocol name; members also list cooperative-sticky, so a mixed group still forms. */
    static final String NAME = "sluice-standby";

    private static final String REPLICAS_CONFIG = "sluice.standby.replicas";
    private static final String TASK_TOPICS_CONFIG = "sluice.task.topics";
    private static final String COPIES_CONFIG = "sluice.task.copies";
    private static final short VERSION = 1;

    private final CooperativeStickyAssignor sticky = new CooperativeStickyAssignor();
    private int replicas;
    private Set<String> taskTopics = Set.of();
    private TaskCopies copies = new TaskCopies();

    /** For the consumer, which instantiates assignors by class name. */
    public StandbyAssignor() {}

    /**
     * Adds this assignor, and what it needs, to a consumer's configuration: it comes first, then
     * cooperative-sticky (the protocol of instances without it, during a rolling upgrade).
     *
     * @param taskTopics the topics whose partitions are stateful tasks; empty for a stateless
     *     pipeline
     */
    static void addTo(
            Map<String, Object> config, int replicas, Set<String> taskTopics, TaskCopies copies) {
        config.put(REPLICAS_CONFIG, replicas);
        config.put(TASK_TOPICS_CONFIG, Set.copyOf(taskTopics));
        config.put(COPIES_CONFIG, copies);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void configure(Map<String, ?> configs) {
        Object configuredReplicas = configs.get(REPLICAS_CONFIG);
        replicas = configuredReplicas instanceof Integer r ? r : 0;
        Object topics = configs.get(TASK_TOPICS_CONFIG);
        taskTopics = topics instanceof Set<?> set ? (Set<String>) set : Set.of();
        Object configuredCopies = configs.get(COPIES_CONFIG);
        copies = configuredCopies instanceof TaskCopies c ? c : new TaskCopies();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<RebalanceProtocol> supportedProtocols() {
        return sticky.supportedProtocols();
    }

    @Override
    public ByteBuffer subscriptionUserData(Set<String> topics) {
        Map<TopicPartition, Long> held = new LinkedHashMap<>();
        copies.held()
                .forEach(
                        (task, currency) -> {
                            if (taskTopics.contains(task.topic())) {
                                held.put(task, currency);
                            }
                        });
        return Framed.subscription(sticky.subscriptionUserData(topics), held);
    }

    @Override
    public GroupAssignment assign(Cluster metadata, GroupSubscription group) {
        Map<String, Subscription> inner = new HashMap<>();
        Map<String, TaskPlacement.Member> members = new HashMap<>();
        group.groupSubscription()
                .forEach(
                        (member, subscription) -> {
                            Framed framed = Framed.ofSubscription(subscription.userData());
                            Subscription unwrapped =
                                    new Subscription(
                                            subscription.topics(),
                                            framed.inner(),
                                            subscription.ownedPartitions(),
                                            subscription.generationId().orElse(-1),
                                            subscription.rackId());
                            unwrapped.setGroupInstanceId(subscription.groupInstanceId());
                            inner.put(member, unwrapped);
                            members.put(
                                    member,
                                    new TaskPlacement.Member(
                                            new HashSet<>(subscription.ownedPartitions()),
                                            framed.copies()));
                        });
        Map<String, Assignment> stickyAssignment =
                sticky.assign(metadata, new GroupSubscription(inner)).groupAssignment();
        Map<String, List<TopicPartition>> active = new HashMap<>();
        stickyAssignment.forEach(
                (member, assignment) -> active.put(member, assignment.partitions()));
        TaskPlacement.Placement placement =
                TaskPlacement.place(active, members, taskTopics, replicas);
        Map<String, Assignment> assignments = new HashMap<>();
        stickyAssignment.forEach(
                (member, assignment) ->
                        assignments.put(
                                member,
                                new Assignment(
                                        placement.active().get(member),
                                        Framed.assignment(
                                                assignment.userData(),
                                                placement.standbys().get(member)))));
        return new GroupAssignment(assignments);
    }

    @Override
    public void onAssignment(Assignment assignment, ConsumerGroupMetadata metadata) {
        Framed framed = Framed.ofAssignment(assignment.userData());
        sticky.onAssignment(new Assignment(assignment.partitions(), framed.inner()), metadata);
        copies.standbysAssigned(framed.copies().keySet());
    }

    /**
     * Our user data around the sticky assignor's: a version, the inner bytes (length -1 when null),
     * then tasks (topic, partition and, in a subscription, the copy's currency).
     */
    record Framed(ByteBuffer inner, Map<TopicPartition, Long> copies) {

        static ByteBuffer subscription(ByteBuffer inner, Map<TopicPartition, Long> copies) {
            return encode(inner, copies, true);
        }

        static ByteBuffer assignment(ByteBuffer inner, List<TopicPartition> standbys) {
            Map<TopicPartition, Long> tasks = new LinkedHashMap<>();
            standbys.forEach(task -> tasks.put(task, 0L));
            return encode(inner, tasks, false);
        }

        static Framed ofSubscription(ByteBuffer data) {
            return decode(data, true);
        }

        static Framed ofAssignment(ByteBuffer data) {
            return decode(data, false);
        }

        private static ByteBuffer encode(
                ByteBuffer inner, Map<TopicPartition, Long> tasks, boolean withCurrency) {
            byte[] innerBytes = inner == null ? null : bytes(inner);
            List<byte[]> topics = new ArrayList<>(tasks.size());
            int size = 2 + 4 + (innerBytes == null ? 0 : innerBytes.length) + 4;
            for (TopicPartition task : tasks.keySet()) {
                byte[] topic = task.topic().getBytes(StandardCharsets.UTF_8);
                topics.add(topic);
                size += 2 + topic.length + 4 + (withCurrency ? 8 : 0);
            }
            ByteBuffer buffer = ByteBuffer.allocate(size);
            buffer.putShort(VERSION);
            if (innerBytes == null) {
                buffer.putInt(-1);
            } else {
                buffer.putInt(innerBytes.length).put(innerBytes);
            }
            buffer.putInt(tasks.size());
            int i = 0;
            for (Map.Entry<TopicPartition, Long> task : tasks.entrySet()) {
                byte[] topic = topics.get(i++);
                buffer.putShort((short) topic.length).put(topic);
                buffer.putInt(task.getKey().partition());
                if (withCurrency) {
                    buffer.putLong(task.getValue());
                }
            }
            return buffer.flip();
        }

        /** Reads user data; data this version cannot read counts as no inner data and no tasks. */
        private static Framed decode(ByteBuffer data, boolean withCurrency) {
            if (data == null || !data.hasRemaining()) {
                return new Framed(null, Map.of());
            }
            ByteBuffer buffer = data.duplicate();
            try {
                if (buffer.getShort() != VERSION) {
                    return new Framed(null, Map.of());
                }
                int innerLength = buffer.getInt();
                ByteBuffer inner = null;
                if (innerLength >= 0) {
                    byte[] innerBytes = new byte[innerLength];
                    buffer.get(innerBytes);
                    inner = ByteBuffer.wrap(innerBytes);
                }
                int count = buffer.getInt();
                Map<TopicPartition, Long> tasks = new LinkedHashMap<>();
                for (int i = 0; i < count; i++) {
                    byte[] topic = new byte[buffer.getShort()];
                    buffer.get(topic);
                    int partition = buffer.getInt();
                    long currency = withCurrency ? buffer.getLong() : 0;
                    tasks.put(
                            new TopicPartition(
                                    new String(topic, StandardCharsets.UTF_8), partition),
                            currency);
                }
                return new Framed(inner, tasks);
            } catch (BufferUnderflowException | NegativeArraySizeException e) {
                return new Framed(null, Map.of());
            }
        }

        private static byte[] bytes(ByteBuffer buffer) {
            ByteBuffer copy = buffer.duplicate();
            byte[] bytes = new byte[copy.remaining()];
            copy.get(bytes);
            return bytes;
        }
    }
}
