package io.sluice.processor.engine;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Times start-up, from the process's start to the first committed batch, phase by phase, and logs
 * it once as {@code Start-up (s): jvm=0.31 config=0.55 ... first-batch=0.70 total=3.47}: what an
 * operator needs to see where a slow start goes, and what the benchmark reads.
 *
 * <p>A phase lasts from the previous mark to its own; the engine marks {@code topics}, {@code
 * producer}, {@code group} (partitions assigned) and {@code first-batch} through {@link
 * EngineListener#startupPhase}, the command line the phases before the runner. Marks after the
 * first batch are ignored. Thread-safe: the HTTP thread may read {@link #describe()}.
 */
public final class StartupPhases implements EngineListener {
    private static final Logger log = LoggerFactory.getLogger(StartupPhases.class);

    /** The environment variable in which {@code bin/sluice} passes its start, epoch millis. */
    public static final String LAUNCHED_AT = "SLUICE_LAUNCHED_AT_MS";

    private static final long MAX_LAUNCHER_MILLIS = 60_000;

    private final long startMillis;
    private final Map<String, Long> phases = new LinkedHashMap<>();
    private long lastMillis;
    private boolean done;

    StartupPhases(long startMillis) {
        this.startMillis = startMillis;
        this.lastMillis = startMillis;
    }

    /**
     * Phases counted from the JVM's start (the operating system's process start time is only exact
     * to the second), or from the launcher's start when {@code bin/sluice} passed it in {@value
     * #LAUNCHED_AT}: then the first phase is {@code launcher}.
     */
    public static StartupPhases sinceProcessStart() {
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        long launched = launchedAt(System.getenv(LAUNCHED_AT), jvmStart);
        StartupPhases phases = new StartupPhases(launched);
        if (launched < jvmStart) {
            phases.mark("launcher", jvmStart);
        }
        return phases;
    }

    /** When the launcher started, from its epoch milliseconds; {@code jvmStart} if unknown. */
    static long launchedAt(String launcherMillis, long jvmStart) {
        if (launcherMillis == null) {
            return jvmStart;
        }
        try {
            long launched = Long.parseLong(launcherMillis.trim());
            // a value inherited from an earlier launch is no start time of this process
            return launched <= jvmStart && jvmStart - launched < MAX_LAUNCHER_MILLIS
                    ? launched
                    : jvmStart;
        } catch (NumberFormatException e) {
            return jvmStart;
        }
    }

    /** Ends {@code phase} now: it took the time since the previous mark. */
    public void mark(String phase) {
        mark(phase, System.currentTimeMillis());
    }

    synchronized void mark(String phase, long nowMillis) {
        if (done) {
            return;
        }
        phases.merge(phase, Math.max(0, nowMillis - lastMillis), Long::sum);
        lastMillis = Math.max(lastMillis, nowMillis);
    }

    @Override
    public void startupPhase(String phase) {
        mark(phase);
    }

    @Override
    public void partitionsAssigned(Collection<TopicPartition> partitions) {
        synchronized (this) {
            if (!partitions.isEmpty() && !phases.containsKey("group")) {
                mark("group");
            }
        }
    }

    @Override
    public void batchCommitted(CommittedBatch batch) {
        synchronized (this) {
            if (done) {
                return;
            }
            mark("first-batch");
            done = true;
        }
        log.info("Start-up (s): {}", describe());
    }

    /** The phases so far and their total, in seconds: {@code jvm=0.31 ... total=3.47}. */
    public synchronized String describe() {
        StringBuilder line = new StringBuilder();
        phases.forEach(
                (phase, millis) ->
                        line.append(phase).append('=').append(seconds(millis)).append(' '));
        return line.append("total=").append(seconds(lastMillis - startMillis)).toString();
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.2f", millis / 1000.0);
    }
}
