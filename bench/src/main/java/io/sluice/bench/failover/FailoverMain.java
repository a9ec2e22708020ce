package io.sluice.bench.failover;

import io.sluice.localbroker.BrokerSettings;
import io.sluice.localbroker.LocalBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;

/**
 * The fail-over benchmark (issue 17): a windowed aggregation holding {@code --keys} keys in state
 * runs on two instances while input flows at a steady rate; the instance that owns task 0 is killed
 * with SIGKILL, and the output of each of its tasks is watched until it flows again. Each trial
 * restarts the killed instance and lets both settle before the next kill. Run once per {@code
 * state.standby.replicas} setting; writes a markdown page (see {@link FailoverPage}).
 *
 * <p>Usage: {@code bench/run-failover.sh}; options in {@link FailoverSettings#USAGE}.
 */
public final class FailoverMain {
    private static final Duration CATCH_UP_TIMEOUT = Duration.ofMinutes(30);
    private static final Duration RECOVERY_TIMEOUT = Duration.ofMinutes(3);
    private static final long CURRENT_STANDBY_LAG = 1_000;
    private static final Duration AFTER_RECOVERY = Duration.ofSeconds(2);
    // Times of all rows: one day-long tumbling window holds every key for the whole run.
    static final long DAY_START_MS = 1_699_920_000_000L;

    private final FailoverSettings settings;
    private final String bootstrap;
    private final Admin admin;
    private String restartedLast; // of the setting being measured

    private FailoverMain(FailoverSettings settings, String bootstrap, Admin admin) {
        this.settings = settings;
        this.bootstrap = bootstrap;
        this.admin = admin;
    }

    public static void main(String[] args) throws Exception {
        if (List.of(args).contains("--help")) {
            System.out.println(FailoverSettings.USAGE);
            return;
        }
        FailoverSettings settings;
        try {
            settings =
                    FailoverSettings.parse(
                            args,
                            System.getenv(),
                            () -> {
                                try {
                                    return Files.createTempDirectory("sluice-failover");
                                } catch (java.io.IOException e) {
                                    throw new java.io.UncheckedIOException(e);
                                }
                            });
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () ->
                                        ProcessHandle.current()
                                                .descendants()
                                                .forEach(ProcessHandle::destroyForcibly),
                                "stop-instances"));
        Files.createDirectories(settings.work());
        LocalBroker broker =
                settings.bootstrapServers().isPresent()
                        ? null
                        : LocalBroker.start(
                                BrokerSettings.forTests(settings.work().resolve("broker")));
        String bootstrap = settings.bootstrapServers().orElseGet(() -> broker.bootstrapServers());
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            new FailoverMain(settings, bootstrap, admin).run(arguments(args));
        } finally {
            if (broker != null) {
                broker.close();
            }
        }
    }

    /** The options as the user gave them to the script, without the work directory it adds. */
    private static String arguments(String[] args) {
        List<String> given = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (!(i == 0 && args[i].startsWith("--work="))) {
                given.add(args[i]);
            }
        }
        return String.join(" ", given);
    }

    private void run(String arguments) throws Exception {
        Instant started = Instant.now();
        String run = "failover-" + Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);
        String input = run + "-in";
        admin.createTopics(List.of(new NewTopic(input, settings.partitions(), (short) 1)))
                .all()
                .get(60, TimeUnit.SECONDS);
        say("Loading %,d keys into %s ...", settings.keys(), input);
        InputFeed.load(bootstrap, input, settings.keys());
        List<FailoverResult> results = new ArrayList<>();
        try (InputFeed feed =
                InputFeed.start(bootstrap, input, settings.keys(), settings.ratePerSecond())) {
            for (int replicas : settings.replicas()) {
                results.add(measure(run + "-r" + replicas, input, replicas));
            }
        }
        FailoverPage.write(settings, arguments, started, results);
        say("Wrote %s", settings.output());
    }

    private FailoverResult measure(String name, String input, int replicas) throws Exception {
        Path work = settings.work().resolve(name);
        Files.createDirectories(work);
        Path pipeline = Pipeline.write(work, name, input);
        // A file, not environment variables: an unknown key in a file stops start-up, so a build
        // without standby replicas cannot pass for one with them.
        Path config = work.resolve("sluice.yaml");
        Files.writeString(
                config,
                "group.peer.timeout.ms: "
                        + settings.peerTimeout().toMillis()
                        + "\n"
                        + (replicas > 0 ? "state.standby.replicas: " + replicas + "\n" : ""));
        Map<String, SluiceInstance> instances = new HashMap<>();
        restartedLast = null;
        List<FailoverResult.TaskKill> kills = new ArrayList<>();
        List<Double> steady = new ArrayList<>();
        OutputWatch watch = null;
        try {
            for (String id : List.of("a", "b")) {
                instances.put(id, SluiceInstance.start(id, pipeline, bootstrap, work, config));
            }
            say("%s: two instances catch up with %,d keys ...", name, settings.keys());
            awaitCatchUp(name, input, instances);
            watch = new OutputWatch(bootstrap, name + "-out", settings.partitions());
            for (int trial = 1; trial <= settings.trials(); trial++) {
                kills.addAll(
                        trial(
                                name, input, trial, replicas, instances, watch, steady, config,
                                pipeline));
            }
            return new FailoverResult(replicas, kills, steady, Optional.empty());
        } catch (IllegalStateException e) {
            say("%s: %s", name, e.getMessage());
            return new FailoverResult(replicas, kills, steady, Optional.of(e.getMessage()));
        } finally {
            if (watch != null) {
                watch.close();
            }
            instances.values().forEach(SluiceInstance::close);
        }
    }

    private List<FailoverResult.TaskKill> trial(
            String name,
            String input,
            int trial,
            int replicas,
            Map<String, SluiceInstance> instances,
            OutputWatch watch,
            List<Double> steady,
            Path config,
            Path pipeline)
            throws Exception {
        Thread.sleep(settings.settle().toMillis()); // pacing: both instances run undisturbed
        Map<String, Set<Integer>> owners = awaitOwners(name, input, 2, instances);
        if (replicas > 0) {
            awaitCurrentStandbys(name, trial, instances);
        }
        long settledFrom = System.nanoTime() - settings.settle().toNanos() / 2;
        // The first kill takes the owner of task 0; each later one the instance that was not
        // restarted, so the survivor (restarted with empty state) never held the killed tasks:
        // without a standby, every trial restores them from the changelogs, cold.
        String victim =
                restartedLast == null
                        ? owners.entrySet().stream()
                                .filter(e -> e.getValue().contains(0))
                                .findFirst()
                                .orElseThrow()
                                .getKey()
                        : other(restartedLast);
        String survivor = other(victim);
        Set<Integer> tasks = owners.get(victim);
        for (int task = 0; task < settings.partitions(); task++) {
            steady.addAll(gapsMs(watch.arrivals(task, settledFrom)));
        }
        long killNanos = System.nanoTime();
        instances.get(victim).kill();
        say("%s trial %d: killed %s (tasks %s)", name, trial, victim, tasks);
        awaitOwners(name, input, 1, Map.of(survivor, instances.get(survivor)));
        long ownedNanos = System.nanoTime();
        long deadline = killNanos + RECOVERY_TIMEOUT.toNanos();
        for (int task : tasks) {
            while (watch.arrivals(task, ownedNanos).isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "task "
                                    + task
                                    + "'s output did not flow again within "
                                    + RECOVERY_TIMEOUT);
                }
                Thread.sleep(20);
            }
        }
        Thread.sleep(AFTER_RECOVERY.toMillis());
        List<FailoverResult.TaskKill> measured = new ArrayList<>();
        for (int task : tasks) {
            long last = watch.lastBefore(task, killNanos);
            List<Long> times = new ArrayList<>();
            times.add(last < 0 ? killNanos : last);
            times.addAll(watch.arrivals(task, killNanos));
            double gap = 0;
            long gapEnd = killNanos;
            for (int i = 1; i < times.size(); i++) {
                double ms = (times.get(i) - times.get(i - 1)) / 1e6;
                if (ms > gap) {
                    gap = ms;
                    gapEnd = times.get(i);
                }
            }
            double recovery = (gapEnd - killNanos) / 1e6;
            double reassigned = (ownedNanos - killNanos) / 1e6;
            measured.add(
                    new FailoverResult.TaskKill(trial, victim, task, gap, recovery, reassigned));
            say(
                    "%s trial %d: task %d output gap %.0f ms, flowing again %.0f ms after the"
                            + " kill (partitions reassigned after %.0f ms)",
                    name, trial, task, gap, recovery, reassigned);
        }
        Path work = settings.work().resolve(name);
        SluiceInstance.wipeState(work, victim);
        instances.put(victim, SluiceInstance.start(victim, pipeline, bootstrap, work, config));
        restartedLast = victim;
        return measured;
    }

    private static String other(String instance) {
        return instance.equals("a") ? "b" : "a";
    }

    private static List<Double> gapsMs(List<Long> times) {
        List<Double> gaps = new ArrayList<>();
        for (int i = 1; i < times.size(); i++) {
            gaps.add((times.get(i) - times.get(i - 1)) / 1e6);
        }
        return gaps;
    }

    /** Waits until the group has processed the input loaded before the run, nearly all of it. */
    private void awaitCatchUp(String group, String input, Map<String, SluiceInstance> instances)
            throws Exception {
        long deadline = System.nanoTime() + CATCH_UP_TIMEOUT.toNanos();
        long lastSay = 0;
        while (true) {
            checkAlive(instances);
            long lag = lag(group, input);
            if (lag >= 0 && lag < settings.ratePerSecond()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no catch-up within " + CATCH_UP_TIMEOUT);
            }
            if (System.nanoTime() - lastSay > TimeUnit.SECONDS.toNanos(15)) {
                say("%s: lag %,d", group, lag);
                lastSay = System.nanoTime();
            }
            Thread.sleep(500);
        }
    }

    /**
     * Waits until the group is stable with {@code count} members owning input partitions, and
     * returns each owner's partitions by instance id.
     */
    /**
     * Waits until every instance's standbys are within {@value #CURRENT_STANDBY_LAG} records of
     * their changelogs: a standby started with its instance's restart (empty state) first reads the
     * whole changelog, and a kill before that measures a cold standby, not a warm one.
     */
    private void awaitCurrentStandbys(String name, int trial, Map<String, SluiceInstance> instances)
            throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + RECOVERY_TIMEOUT.toNanos();
        while (true) {
            boolean current = true;
            for (SluiceInstance instance : instances.values()) {
                OptionalLong lag = instance.standbyLag();
                current &= lag.isPresent() && lag.getAsLong() <= CURRENT_STANDBY_LAG;
            }
            if (current) {
                break;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("standbys not current within " + RECOVERY_TIMEOUT);
            }
            Thread.sleep(200); // pacing the status polls
        }
        say(
                "%s trial %d: standbys current (lag <= %d records) after %.1f s more",
                name, trial, CURRENT_STANDBY_LAG, (System.nanoTime() - start) / 1e9);
    }

    private Map<String, Set<Integer>> awaitOwners(
            String group, String input, int count, Map<String, SluiceInstance> instances)
            throws Exception {
        long deadline = System.nanoTime() + RECOVERY_TIMEOUT.toNanos();
        while (true) {
            checkAlive(instances);
            Map<String, Set<Integer>> owners = owners(group, input);
            if (owners.size() == count) {
                return owners;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "the group did not settle on " + count + " owners: " + owners);
            }
            Thread.sleep(20);
        }
    }

    private Map<String, Set<Integer>> owners(String group, String input) throws Exception {
        ConsumerGroupDescription description =
                admin.describeConsumerGroups(List.of(group))
                        .describedGroups()
                        .get(group)
                        .get(30, TimeUnit.SECONDS);
        Map<String, Set<Integer>> owners = new HashMap<>();
        if (description.groupState() != GroupState.STABLE) {
            return owners;
        }
        for (MemberDescription member : description.members()) {
            Set<Integer> partitions = new TreeSet<>();
            for (TopicPartition partition : member.assignment().topicPartitions()) {
                if (partition.topic().equals(input)) {
                    partitions.add(partition.partition());
                }
            }
            if (!partitions.isEmpty()) {
                String id = member.groupInstanceId().orElse(member.consumerId());
                owners.put(id.substring(id.lastIndexOf('-') + 1), partitions);
            }
        }
        return owners;
    }

    private long lag(String group, String input) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed =
                admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata()
                        .get(30, TimeUnit.SECONDS);
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < settings.partitions(); p++) {
            latest.put(new TopicPartition(input, p), OffsetSpec.latest());
        }
        long lag = 0;
        for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end :
                admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).entrySet()) {
            OffsetAndMetadata offset = committed.get(end.getKey());
            lag += end.getValue().offset() - (offset == null ? 0 : offset.offset());
        }
        return lag;
    }

    private static void checkAlive(Map<String, SluiceInstance> instances) {
        for (SluiceInstance instance : instances.values()) {
            if (!instance.isAlive()) {
                throw new IllegalStateException(
                        "instance " + instance.id() + " exited: " + instance.logTail());
            }
        }
    }

    static void say(String format, Object... args) {
        System.out.printf("[%tT] %s%n", System.currentTimeMillis(), String.format(format, args));
    }
}
