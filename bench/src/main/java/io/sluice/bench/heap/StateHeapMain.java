package io.sluice.bench.heap;

import io.sluice.localbroker.BrokerSettings;
import io.sluice.localbroker.LocalBroker;
import io.sluice.processor.state.StateSettings;
import io.sluice.processor.state.StateStores;
import io.sluice.processor.state.TaskStore;
import io.sluice.processor.state.TaskStoreId;
import io.sluice.processor.stateful.RocksDbWindowStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Measures the heap a windowed aggregation needs with many keys in state: loads N records with N
 * distinct keys, runs Sluice ({@code run}, availableNow, update mode, no watermark, so every key
 * stays in state) in a JVM limited to {@code -Xmx256m} with a GC log, then reports the exit code,
 * the largest heap the GC log shows (before and after collections) and the RocksDB key count.
 *
 * <p>Usage: {@code StateHeapMain WORK_DIR [RECORDS] [XMX]}; the bootstrap servers come from {@code
 * SLUICE_BENCH_BOOTSTRAP_SERVERS}, else a local broker is started.
 */
public final class StateHeapMain {
    private static final Pattern GC_PAUSE =
            Pattern.compile("Pause.* (\\d+)M->(\\d+)M\\((\\d+)M\\)");
    private static final String SCHEMA =
            "{\"type\": \"record\", \"name\": \"Sale\", \"fields\": ["
                    + "{\"name\": \"Key\", \"type\": \"string\"},"
                    + "{\"name\": \"Amount\", \"type\": \"long\"},"
                    + "{\"name\": \"Time\", \"type\": {\"type\": \"long\","
                    + " \"logicalType\": \"timestamp-millis\"}}]}";

    private StateHeapMain() {}

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]).toAbsolutePath();
        int records = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        String xmx = args.length > 2 ? args[2] : "256m";
        Files.createDirectories(work);
        String env = System.getenv("SLUICE_BENCH_BOOTSTRAP_SERVERS");
        LocalBroker broker =
                env == null
                        ? LocalBroker.start(BrokerSettings.forTests(work.resolve("broker")))
                        : null;
        String bootstrap = env != null ? env : broker.bootstrapServers();
        try {
            String name = "heap-" + Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);
            String input = name + "-in";
            load(bootstrap, input, records);
            Path pipeline = pipeline(work, name, input);
            Path state = work.resolve("state-" + name);
            Path gcLog = work.resolve("gc-" + name + ".log");
            long started = System.nanoTime();
            int exit =
                    runSluice(xmx, gcLog, pipeline, bootstrap, state, work.resolve(name + ".out"));
            double seconds = (System.nanoTime() - started) / 1e9;
            long[] heap = maxHeap(gcLog);
            long keys = windows(state, name, input);
            System.out.printf(
                    "records=%d xmx=%s exit=%d seconds=%.1f windows-in-rocksdb=%d"
                            + " max-heap-before-gc=%dM max-heap-after-gc=%dM heap-committed=%dM%n",
                    records, xmx, exit, seconds, keys, heap[0], heap[1], heap[2]);
        } finally {
            if (broker != null) {
                broker.close();
            }
        }
    }

    private static void load(String bootstrap, String topic, int records) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        Map<String, Object> config =
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ProducerConfig.LINGER_MS_CONFIG,
                        20,
                        ProducerConfig.BATCH_SIZE_CONFIG,
                        256 * 1024,
                        ProducerConfig.COMPRESSION_TYPE_CONFIG,
                        "lz4");
        long base = 1_700_000_000_000L;
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < records; i++) {
                String json =
                        "{\"Key\": \"key-"
                                + i
                                + "\", \"Amount\": "
                                + (i % 100)
                                + ", \"Time\": "
                                + (base + i)
                                + "}";
                producer.send(new ProducerRecord<>(topic, json.getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
        }
    }

    private static Path pipeline(Path work, String name, String input) throws IOException {
        Path schema = work.resolve("sale.avsc");
        Files.writeString(schema, SCHEMA);
        String yaml =
                String.join(
                        "\n",
                        "name: " + name,
                        "source:",
                        "  topic: " + input,
                        "  format: json",
                        "  schema: " + schema,
                        "  timestamp: Time",
                        "trigger: {availableNow: true}",
                        "output: update",
                        "steps:",
                        "  - window: {type: tumbling, size: 1d}",
                        "    groupBy: [Key]",
                        "    aggregate: {Total: \"sum(Amount)\", Sales: \"count(*)\"}",
                        "sink:",
                        "  topic: " + name + "-out",
                        "  format: json",
                        "");
        Path file = work.resolve(name + ".yaml");
        Files.writeString(file, yaml);
        return file;
    }

    private static int runSluice(
            String xmx, Path gcLog, Path pipeline, String bootstrap, Path state, Path output)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + xmx);
        command.add("-Xlog:gc:file=" + gcLog);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("io.sluice.cli.SluiceMain");
        command.addAll(
                List.of(
                        "run",
                        pipeline.toString(),
                        "--bootstrap-servers",
                        bootstrap,
                        "--instance-id",
                        "heap",
                        "--state-dir",
                        state.toString()));
        Process process =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(output.toFile())
                        .start();
        if (!process.waitFor(30, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            return -1;
        }
        return process.exitValue();
    }

    /** The largest heap before and after a GC pause, and the largest committed heap, in MiB. */
    private static long[] maxHeap(Path gcLog) throws IOException {
        long[] max = new long[3];
        for (String line : Files.readAllLines(gcLog)) {
            Matcher m = GC_PAUSE.matcher(line);
            if (m.find()) {
                for (int i = 0; i < 3; i++) {
                    max[i] = Math.max(max[i], Long.parseLong(m.group(i + 1)));
                }
            }
        }
        return max;
    }

    private static long windows(Path state, String name, String input) {
        try (StateStores stores = StateStores.open(StateSettings.defaults(state));
                TaskStore task =
                        stores.openTask(
                                new TaskStoreId(name, input + "-0"),
                                Set.of(RocksDbWindowStore.WINDOWS, RocksDbWindowStore.EXPIRY))) {
            return task.countKeys(RocksDbWindowStore.WINDOWS);
        }
    }
}
