package io.sluice.cli;

import io.sluice.processor.pipeline.PipelineFile;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.message.ApiMessageType;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A training run for the class-data sharing archive that {@code bin/sluice} and the Docker image
 * make once per build ({@code java -XX:ArchiveClassesAtExit=sluice.jsa ... StartupTraining
 * PIPELINE.yaml...}): it loads the classes a start of {@code sluice run} loads, without a cluster,
 * so that later starts map them from the archive instead of loading and verifying them one by one.
 *
 * <p>It runs {@code sluice run PIPELINE.yaml} with the first file against a port nothing listens
 * on, which goes through the configuration, the pipeline's compilation, the HTTP endpoint and the
 * cluster check until the check gives up (after {@value #CONNECT_TIMEOUT_MS} ms); then it compiles
 * the other files (the shipped pipelines: their steps, formats and sinks load classes of their
 * own), and creates and closes the Kafka clients the engine uses, and the messages of every Kafka
 * API. Nothing is sent anywhere.
 */
public final class StartupTraining {
    private static final int CONNECT_TIMEOUT_MS = 300;
    private static final String NOWHERE = "127.0.0.1:1";

    private StartupTraining() {}

    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            System.err.println("usage: StartupTraining PIPELINE.yaml [PIPELINE.yaml...]");
            System.exit(SluiceMain.EXIT_INVALID);
        }
        runUntilClusterCheck(Path.of(args[0]));
        for (int i = 1; i < args.length; i++) {
            compile(Path.of(args[i]));
        }
        kafkaClients();
        loadRuntimeClasses();
        System.exit(SluiceMain.EXIT_OK);
    }

    private static void runUntilClusterCheck(Path pipeline) throws IOException {
        Path config = Files.createTempFile("sluice-training", ".yaml");
        try {
            Files.writeString(config, "cluster.connect.timeout.ms: " + CONNECT_TIMEOUT_MS + "\n");
            PrintWriter discard = new PrintWriter(Writer.nullWriter());
            SluiceMain.commandLine("run")
                    .setOut(discard)
                    .setErr(discard)
                    .execute(
                            "run",
                            "--quiet",
                            "--config=" + config,
                            "--http-port=0",
                            "--bootstrap-servers=" + NOWHERE,
                            pipeline.toString());
        } finally {
            Files.deleteIfExists(config);
        }
    }

    /**
     * Loads, without initialising, the classes of Sluice and of the Kafka clients that a run loads
     * after the cluster check: the engine, the clients' protocol, requests, errors and internals.
     * Without a cluster nothing else reaches them, and a run loaded some 1,200 of them from the
     * jars, between the cluster check and the first batch.
     */
    private static void loadRuntimeClasses() throws IOException {
        ClassLoader loader = StartupTraining.class.getClassLoader();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.endsWith(".jar")) {
                continue;
            }
            try (JarFile jar = new JarFile(entry)) {
                jar.stream()
                        .map(JarEntry::getName)
                        .filter(StartupTraining::isRuntimeClass)
                        .forEach(name -> load(loader, name));
            }
        }
    }

    private static boolean isRuntimeClass(String entry) {
        return entry.endsWith(".class")
                && !entry.endsWith("module-info.class")
                && (entry.startsWith("io/sluice/")
                        || entry.startsWith("org/apache/kafka/clients/")
                        // the messages a run reads and writes were loaded by kafkaClients()
                        || (entry.startsWith("org/apache/kafka/common/")
                                && !entry.startsWith("org/apache/kafka/common/message/")));
    }

    private static void load(ClassLoader loader, String entry) {
        String name = entry.substring(0, entry.length() - ".class".length()).replace('/', '.');
        try {
            Class.forName(name, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            // an optional dependency is missing: the run does not load it either
        }
    }

    /** Compiles {@code pipeline} as {@code run} does, without a schema registry. */
    private static void compile(Path pipeline) {
        try {
            PipelineFile.load(pipeline, Optional.empty()).plan();
        } catch (RuntimeException e) {
            // a pipeline that needs a registry: what it compiled so far is loaded all the same
        }
    }

    private static void kafkaClients() {
        Map<String, Object> common = new HashMap<>();
        common.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, NOWHERE);
        Admin.create(common).close(Duration.ZERO);

        Map<String, Object> producer = new HashMap<>(common);
        producer.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "sluice-training");
        producer.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        producer.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        new KafkaProducer<byte[], byte[]>(producer).close(Duration.ZERO);

        Map<String, Object> consumer = new HashMap<>(common);
        consumer.put(ConsumerConfig.GROUP_ID_CONFIG, "sluice-training");
        consumer.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumer.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        consumer.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        new KafkaConsumer<byte[], byte[]>(consumer).close(Duration.ZERO);

        // their lambdas too, made when the classes initialise
        Errors.forCode(Errors.NONE.code());
        ApiKeys.forId(ApiKeys.PRODUCE.id);
        for (ApiMessageType type : ApiMessageType.values()) {
            try {
                type.newRequest();
                type.newResponse();
            } catch (UnsupportedVersionException e) {
                // an API these clients no longer speak
            }
        }
    }
}
