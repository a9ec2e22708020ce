package io.sluice.topologies;

import static org.awaitility.Awaitility.await;

import io.sluice.testkit.JvmProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

/**
 * Drives one pipeline process through its input with SIGKILLs at random moments, its local state
 * deleted or corrupted before restarts, and one broker restart in the middle; the last run goes to
 * the end of its input and must exit 0 (on its own with {@code availableNow}, else on SIGTERM once
 * every input record is committed; the input may still be arriving while it runs).
 *
 * <p>A kill waits for a mark: the sum of the group's committed source offsets passes a point spaced
 * evenly between zero and the input size, moved by a random fraction of a step, then a random delay
 * of up to {@value #MAX_EXTRA_DELAY_MS} ms picks a moment inside whatever batch runs then (a random
 * moment, not a synchronisation). Every choice comes from one seeded {@link Random}.
 */
final class ChaosRuns {
    private static final long MAX_EXTRA_DELAY_MS = 400;
    private static final Duration MARK_DEADLINE = Duration.ofMinutes(4);
    private static final Duration LAST_RUN_DEADLINE = Duration.ofMinutes(5);

    /** What a chaos run did, for the assertion messages and the report. */
    record Report(int kills, int brokerRestarts, List<String> events) {
        @Override
        public String toString() {
            return String.format(
                    "%d kills, %d broker restarts:%n  %s",
                    kills, brokerRestarts, String.join(System.lineSeparator() + "  ", events));
        }
    }

    /** A process that exited with an error where it should have run on or finished cleanly. */
    static final class ProcessFailed extends AssertionError {
        ProcessFailed(String what, JvmProcess process, List<String> events) {
            super(
                    String.format(
                            "%s%nevents so far:%n  %s%nlast output:%n%s",
                            what,
                            String.join(System.lineSeparator() + "  ", events),
                            tail(process.output(), 80)));
        }
    }

    private final RestartableBroker kafka;
    private final String group;
    private final String input;
    private final long records;
    private final ChaosSettings settings;
    private final Random random;
    private final Path state;
    private final boolean availableNow;
    private final List<String> events = new ArrayList<>();
    private int brokerRestarts;

    ChaosRuns(
            RestartableBroker kafka,
            String group,
            String input,
            long records,
            ChaosSettings settings,
            Random random,
            Path state,
            boolean availableNow) {
        this.kafka = kafka;
        this.group = group;
        this.input = input;
        this.records = records;
        this.settings = settings;
        this.random = random;
        this.state = state;
        this.availableNow = availableNow;
    }

    /** Runs {@code start} (run number to process) until the input is done; see the class doc. */
    Report run(IntFunction<JvmProcess> start) throws IOException {
        events.add(String.format("%s, %d records", settings.replay(), records));
        int kills = settings.kills();
        List<StateDamage> damage = damagePlan(kills);
        int killed = 0;
        for (int run = 1; ; run++) {
            if (run > 1) {
                StateDamage before = damage.get(run - 2);
                events.add(String.format("run %d: state %s", run, before.apply(state, random)));
            }
            JvmProcess process = start.apply(run);
            // a kill or SIGTERM while the JVM starts tests nothing (and SIGTERM then ends it
            // with 143 before the pipeline's shutdown hook exists): wait for its partitions
            awaitAssigned(process);
            if (killed == kills) {
                int exit = finish(process);
                if (exit != 0) {
                    throw new ProcessFailed(
                            String.format("the last run exited with %d (-1: still running)", exit),
                            process,
                            events);
                }
                events.add(String.format("run %d: finished", run));
                return new Report(killed, brokerRestarts, List.copyOf(events));
            }
            long step = records / (kills + 1);
            long mark = step * (killed + 1) + random.nextLong(step) - step / 2;
            awaitCommitted(mark, process);
            if (killed == kills / 2 && brokerRestarts == 0) {
                restartBroker(process);
            }
            LockSupport.parkNanos(
                    TimeUnit.MILLISECONDS.toNanos(random.nextLong(MAX_EXTRA_DELAY_MS + 1)));
            if (hasFinished(process, run)) {
                // the input ran out before this kill: the report says so, and the test's count
                return new Report(killed, brokerRestarts, List.copyOf(events));
            }
            process.kill();
            killed++;
            events.add(String.format("run %d: killed past %d committed offsets", run, mark));
        }
    }

    /** The state damage before each restart: deleted twice and corrupted (if enabled) at least. */
    private List<StateDamage> damagePlan(int kills) {
        List<StateDamage> plan = new ArrayList<>();
        plan.add(StateDamage.DELETED);
        plan.add(StateDamage.DELETED);
        if (settings.corrupt()) {
            plan.add(StateDamage.TRUNCATED_SST);
            plan.add(StateDamage.GARBAGE_IN_CURRENT);
            plan.add(StateDamage.GARBAGE_IN_MANIFEST);
        }
        StateDamage[] all = StateDamage.values();
        while (plan.size() < kills) {
            StateDamage pick = all[random.nextInt(all.length)];
            plan.add(pick.isCorruption() && !settings.corrupt() ? StateDamage.NONE : pick);
        }
        Collections.shuffle(plan, random);
        return plan;
    }

    private void awaitCommitted(long mark, JvmProcess process) {
        await().atMost(MARK_DEADLINE)
                .pollInterval(Duration.ofMillis(200))
                .ignoreExceptions()
                .until(() -> committed() >= mark || !process.isAlive());
    }

    /**
     * The last run's end: with {@code availableNow} its own exit; otherwise SIGTERM once every
     * input record is committed.
     */
    private int finish(JvmProcess process) {
        if (availableNow) {
            return process.waitFor(LAST_RUN_DEADLINE);
        }
        await().atMost(LAST_RUN_DEADLINE)
                .pollInterval(Duration.ofMillis(200))
                .ignoreExceptions()
                .until(() -> committed() >= records || !process.isAlive());
        return process.terminate(Duration.ofSeconds(60));
    }

    /** Kills the broker under the running process, starts it again, and waits for progress. */
    private void restartBroker(JvmProcess process) {
        long before = committedOrZero();
        kafka.restart();
        brokerRestarts++; // this step kind's own: the broker is shared by the suite
        events.add(String.format("broker restarted at %d committed offsets", before));
        if (before < records) {
            awaitCommitted(before + 1, process);
        }
    }

    private void awaitAssigned(JvmProcess process) {
        await().atMost(MARK_DEADLINE)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> process.output().contains("Assigned [") || !process.isAlive());
    }

    /** Whether the process finished its input; throws if it failed. */
    private boolean hasFinished(JvmProcess process, int run) {
        if (!process.isAlive()) {
            int exit = process.waitFor(Duration.ofSeconds(10));
            if (exit == 0) {
                events.add(String.format("run %d: finished before its kill", run));
                return true;
            }
            throw new ProcessFailed(
                    String.format(
                            "run %d exited with %d before its kill (%d records, %s)",
                            run, exit, records, settings.replay()),
                    process,
                    events);
        }
        return false;
    }

    private long committed() throws Exception {
        return ConsumerGroups.committed(kafka, group, input);
    }

    private long committedOrZero() {
        try {
            return committed();
        } catch (Exception e) {
            return 0;
        }
    }

    private static String tail(String text, int lines) {
        String[] all = text.split("\n");
        return String.join(
                "\n",
                java.util.Arrays.copyOfRange(all, Math.max(0, all.length - lines), all.length));
    }
}
