package io.sluice.processor.engine;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.MemberToRemove;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TransactionalIdNotFoundException;
import org.apache.kafka.common.errors.UnknownMemberIdException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the pipeline's members topic and removes from the consumer group any instance that
 * stopped beating for longer than {@code group.peer.timeout.ms}, so that a killed instance's
 * partitions move to the others at once instead of after its session timeout.
 *
 * <p>Implementation notes: a group-less consumer of its own, on a thread of its own, reads every
 * beat from the end of the topic at start on (see {@link PeerSilence} for the decision). For each
 * silent peer that the coordinator still lists as a member under its {@code group.instance.id}
 * ({@code <name>-<instance id>}), the watcher removes it by that id, which makes the coordinator
 * rebalance at once, and then fences its transactional id (the same string), which aborts the
 * transaction it left open, so that read_committed readers of its outputs, changelogs and
 * repartition topic need not wait for the transaction timeout. Several survivors removing the same
 * member is harmless: an unknown member or transactional id is ignored. A live instance removed by
 * mistake rejoins and replays its batch: a rebalance, never a wrong result.
 *
 * <p>Where a peer's beats name its {@link Lifeline}, the watcher also holds a connection to it
 * ({@link PeerLifelines}): a peer process that dies is removed the moment its kernel closes that
 * connection, not a timeout later. Such a death wakes the watcher's poll and is acted on only while
 * the dead process is the latest the peer's beats named (a restarted peer is never removed for its
 * previous process).
 */
final class PeerWatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PeerWatcher.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final String group;
    private final Duration adminTimeout;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Admin admin;
    private final PeerSilence silence;
    private final Duration poll;
    private final Runnable onRemoved;
    private final PeerLifelines lifelines;
    private final Queue<Removal> deaths = new ConcurrentLinkedQueue<>();
    private final Map<String, String> incarnations = new HashMap<>(); // latest beat's, per peer
    private final Thread thread;
    private volatile boolean running = true;

    private PeerWatcher(
            String group,
            EngineSettings settings,
            KafkaConsumer<byte[], byte[]> consumer,
            Admin admin,
            Duration poll,
            Runnable onRemoved) {
        this.group = group;
        this.adminTimeout = settings.peerTimeout().multipliedBy(2);
        this.consumer = consumer;
        this.admin = admin;
        this.silence = new PeerSilence(settings.instanceId(), settings.peerTimeout());
        this.poll = poll;
        this.onRemoved = onRemoved;
        this.lifelines = new PeerLifelines(settings.instanceId(), this::died);
        this.thread = new Thread(this::run, "sluice-peers-" + settings.instanceId());
        thread.setDaemon(true);
    }

    /**
     * Starts watching the beats in {@code topic} of the instances in consumer group {@code group},
     * checking every {@code poll}; {@code onRemoved} runs after each member it removed (on its
     * thread).
     */
    static PeerWatcher start(
            EngineSettings settings,
            String group,
            String topic,
            Duration poll,
            Runnable onRemoved) {
        Map<String, Object> config = new HashMap<>(settings.clientConfig());
        config.putAll(settings.consumerConfig());
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, topic + "-watch-" + settings.instanceId());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) poll.toMillis());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config);
        Admin admin;
        try {
            admin = Admin.create(ClientConfigs.admin(settings));
        } catch (KafkaException e) {
            consumer.close(Duration.ZERO);
            throw e;
        }
        TopicPartition partition = new TopicPartition(topic, 0);
        consumer.assign(List.of(partition));
        consumer.seekToEnd(List.of(partition)); // beats older than this start are no history
        PeerWatcher watcher = new PeerWatcher(group, settings, consumer, admin, poll, onRemoved);
        watcher.thread.start();
        return watcher;
    }

    /** Why a peer is to be removed: its instance id and the reason, for the log. */
    private record Removal(String instanceId, String incarnation, String reason) {}

    private void run() {
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> beat : poll()) {
                    read(beat, System.nanoTime());
                }
                List<Removal> removals = new ArrayList<>();
                for (Removal death = deaths.poll(); death != null; death = deaths.poll()) {
                    if (death.incarnation().equals(incarnations.get(death.instanceId()))) {
                        removals.add(death);
                    }
                }
                for (PeerSilence.Silent peer : silence.silentPeers(System.nanoTime())) {
                    removals.add(
                            new Removal(
                                    peer.instanceId(),
                                    null,
                                    "wrote no liveness beat for "
                                            + peer.silence().toMillis()
                                            + " ms"));
                }
                if (!removals.isEmpty()) {
                    removeFromGroup(removals);
                }
            }
        } catch (RuntimeException e) {
            // the pipeline runs on without the watch: a killed peer's partitions then move after
            // its session timeout, as without it
            log.error("The peer watch of group {} stopped: {}", group, e.toString(), e);
        }
    }

    /** The next beats; none when a death woke the poll. */
    private Iterable<ConsumerRecord<byte[], byte[]>> poll() {
        try {
            return consumer.poll(poll);
        } catch (WakeupException e) {
            return List.of(); // a death (or closing, which the loop sees)
        }
    }

    /** A peer's lifeline reports its process gone: on the lifeline's thread. */
    private void died(String instanceId, String incarnation, String address) {
        deaths.add(
                new Removal(
                        instanceId,
                        incarnation,
                        "is gone (its lifeline at "
                                + address
                                + " closed and nothing of that process listens there)"));
        consumer.wakeup();
    }

    private void read(ConsumerRecord<byte[], byte[]> beat, long nowNanos) {
        if (beat.key() == null) {
            return;
        }
        String instanceId = new String(beat.key(), StandardCharsets.UTF_8);
        if (beat.value() == null) {
            silence.left(instanceId);
            incarnations.remove(instanceId);
            lifelines.forget(instanceId);
            return;
        }
        silence.beat(instanceId, nowNanos);
        MemberBeats.Beat said = MemberBeats.Beat.parse(beat.value());
        if (said.hasLifeline()) {
            incarnations.put(instanceId, said.incarnation());
            lifelines.hold(instanceId, said.incarnation(), said.lifeline());
        }
    }

    private void removeFromGroup(List<Removal> removals) {
        List<Removal> silent = new ArrayList<>();
        for (Removal removal : removals) {
            if (removal.incarnation() == null) {
                silent.add(removal);
            } else {
                removeDead(removal);
            }
        }
        if (!silent.isEmpty()) {
            removeSilent(silent);
        }
    }

    /**
     * Removes a peer whose process is gone, without asking the group first (a round trip less in a
     * fail-over): a member already gone is "unknown" to the removal.
     */
    private void removeDead(Removal death) {
        if (!removeMember(death)) {
            deaths.add(death); // judged again next round; the session timeout is the fallback
        }
    }

    /** Removes the silent peers the group still lists; the others are forgotten. */
    private void removeSilent(List<Removal> removals) {
        Set<String> members;
        try {
            members = staticMembers();
        } catch (ExecutionException | TimeoutException e) {
            log.debug("Cannot describe group {}; trying again: {}", group, e.toString());
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
            return;
        }
        for (Removal removal : removals) {
            if (members.contains(memberId(removal))) {
                removeMember(removal); // on failure judged again next round
            } else {
                forget(removal.instanceId());
            }
        }
    }

    /**
     * Removes the peer from the group and fences its transactional id (the same string), and has
     * this instance rejoin; false when the removal failed and is worth another try. A member the
     * group no longer knows (it left cleanly, or another instance removed and fenced it first) is
     * only rejoined after.
     */
    private boolean removeMember(Removal removal) {
        String memberId = memberId(removal);
        Removed removed = remove(memberId);
        if (removed == Removed.FAILED) {
            return false;
        }
        if (removed == Removed.REMOVED) {
            log.warn(
                    "Instance {} of pipeline {} {}; removed it ({}) from the consumer group so its"
                            + " partitions move now",
                    removal.instanceId(),
                    group,
                    removal.reason(),
                    memberId);
            fence(memberId);
        } else {
            log.debug(
                    "Instance {} of pipeline {} {}; not a member",
                    removal.instanceId(),
                    group,
                    removal.reason());
        }
        onRemoved.run(); // either way the group rebalances: join now
        forget(removal.instanceId());
        return true;
    }

    private String memberId(Removal removal) {
        return group + "-" + removal.instanceId();
    }

    private void forget(String instanceId) {
        silence.forget(instanceId);
        lifelines.forget(instanceId);
    }

    /** The {@code group.instance.id}s of the group's current members. */
    private Set<String> staticMembers()
            throws ExecutionException, TimeoutException, InterruptedException {
        ConsumerGroupDescription description =
                admin.describeConsumerGroups(List.of(group))
                        .describedGroups()
                        .get(group)
                        .get(adminTimeout.toMillis(), TimeUnit.MILLISECONDS);
        return description.members().stream()
                .map(MemberDescription::groupInstanceId)
                .flatMap(Optional::stream)
                .collect(Collectors.toSet());
    }

    /** What a removal did. */
    private enum Removed {
        REMOVED,
        /** Not a member (any more): it left, or another instance removed it first. */
        GONE,
        /** Failed; worth another try. */
        FAILED
    }

    private Removed remove(String memberId) {
        MemberToRemove member = new MemberToRemove(memberId);
        try {
            admin.removeMembersFromConsumerGroup(
                            group, new RemoveMembersFromConsumerGroupOptions(Set.of(member)))
                    .memberResult(member)
                    .get(adminTimeout.toMillis(), TimeUnit.MILLISECONDS);
            return Removed.REMOVED;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownMemberIdException) {
                return Removed.GONE;
            }
            log.warn(
                    "Cannot remove {} from group {}: {}", memberId, group, e.getCause().toString());
            return Removed.FAILED;
        } catch (TimeoutException e) {
            log.warn("Removing {} from group {} timed out", memberId, group);
            return Removed.FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
            return Removed.FAILED;
        }
    }

    /** Aborts the transaction the removed instance left open (its transactional id is its id). */
    private void fence(String transactionalId) {
        try {
            admin.fenceProducers(List.of(transactionalId))
                    .all()
                    .get(adminTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TransactionalIdNotFoundException)) {
                // the broker aborts it after transaction.timeout.ms anyway
                log.warn("Cannot fence {}: {}", transactionalId, e.getCause().toString());
            }
        } catch (TimeoutException e) {
            log.warn("Fencing {} timed out", transactionalId);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void close() {
        running = false;
        lifelines.close();
        consumer.wakeup();
        try {
            thread.join(CLOSE_TIMEOUT.toMillis() * 2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        consumer.close(CLOSE_TIMEOUT);
        admin.close(CLOSE_TIMEOUT);
    }
}
