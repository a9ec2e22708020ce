package io.sluice.bench.failover;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The options of the fail-over benchmark, parsed from {@code --key=value} arguments.
 *
 * @param keys distinct keys loaded into the windowed aggregation's state before the trials
 * @param partitions partitions of the input topic: the number of tasks
 * @param ratePerSecond the steady input rate during the trials, over all keys
 * @param trials kills per standby setting
 * @param replicas the {@code state.standby.replicas} settings to measure, in order
 * @param peerTimeout the instances' {@code group.peer.timeout.ms}; zero turns the watch off
 * @param settle how long both instances run after a restart before the next kill
 * @param work the work directory (broker, state, logs); a temporary one unless given
 * @param output the markdown page to write
 * @param bootstrapServers a running cluster to use instead of a local broker
 */
record FailoverSettings(
        int keys,
        int partitions,
        int ratePerSecond,
        int trials,
        List<Integer> replicas,
        Duration peerTimeout,
        Duration settle,
        Path work,
        Path output,
        Optional<String> bootstrapServers) {

    static final String USAGE =
            String.join(
                    "\n",
                    "Usage: bench/run-failover.sh [--no-build] [--option=value ...]",
                    "  --keys=1000000          distinct keys in state",
                    "  --partitions=4          input partitions (tasks)",
                    "  --rate=2000             steady input records/s during the trials",
                    "  --trials=3              kills per standby setting",
                    "  --replicas=0,1          state.standby.replicas settings to measure",
                    "  --peer-timeout-ms=3000  group.peer.timeout.ms of the instances (0: off)",
                    "  --settle-seconds=20     run time after a restart before the next kill",
                    "  --work=DIR              work directory (default: a temporary one)",
                    "  --output=docs/benchmarks/failover.md",
                    "SLUICE_BENCH_BOOTSTRAP_SERVERS names a cluster to use instead of a local"
                            + " broker.");

    static FailoverSettings parse(
            String[] args, Map<String, String> environment, Supplier<Path> temporary) {
        int keys = 1_000_000;
        int partitions = 4;
        int rate = 2_000;
        int trials = 3;
        List<Integer> replicas = List.of(0, 1);
        long peerTimeoutMs = 3_000;
        long settleSeconds = 20;
        Path work = null;
        Path output = Path.of("docs", "benchmarks", "failover.md");
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (!arg.startsWith("--") || eq < 0) {
                throw new IllegalArgumentException("unknown argument " + arg + "\n" + USAGE);
            }
            String key = arg.substring(2, eq);
            String value = arg.substring(eq + 1);
            switch (key) {
                case "keys" -> keys = positive(key, value);
                case "partitions" -> partitions = positive(key, value);
                case "rate" -> rate = positive(key, value);
                case "trials" -> trials = positive(key, value);
                case "replicas" -> replicas = replicas(value);
                case "peer-timeout-ms" -> peerTimeoutMs = Long.parseLong(value);
                case "settle-seconds" -> settleSeconds = positive(key, value);
                case "work" -> work = Path.of(value);
                case "output" -> output = Path.of(value);
                default ->
                        throw new IllegalArgumentException(
                                "unknown option --" + key + "\n" + USAGE);
            }
        }
        return new FailoverSettings(
                keys,
                partitions,
                rate,
                trials,
                replicas,
                Duration.ofMillis(peerTimeoutMs),
                Duration.ofSeconds(settleSeconds),
                (work != null ? work : temporary.get()).toAbsolutePath(),
                output,
                Optional.ofNullable(environment.get("SLUICE_BENCH_BOOTSTRAP_SERVERS"))
                        .filter(s -> !s.isBlank()));
    }

    private static int positive(String key, String value) {
        int parsed = Integer.parseInt(value.replace("_", ""));
        if (parsed <= 0) {
            throw new IllegalArgumentException("--" + key + " must be positive, got " + value);
        }
        return parsed;
    }

    private static List<Integer> replicas(String value) {
        List<Integer> list = new ArrayList<>();
        for (String part : value.split(",")) {
            list.add(Integer.parseInt(part.trim()));
        }
        return List.copyOf(list);
    }
}
