package io.sluice.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.message.ApiMessageType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A training run for the class-data sharing archive that {@code bin/sluice} and the Docker image
 * make once per build ({@code java -XX:ArchiveClassesAtExit=sluice.jsa ... StartupTraining
 * PIPELINE.yaml}): it loads the classes a start of {@code sluice run} loads, without a cluster, so
 * that later starts map them from the archive instead of loading and verifying them one by one.
 *
 * <p>It runs {@code sluice run PIPELINE.yaml} against a port nothing listens on, which goes through
 * the configuration, the pipeline's compilation, the HTTP endpoint and the cluster check until the
 * check gives up (after {@value #CONNECT_TIMEOUT_MS} ms); then it creates and closes the Kafka
 * clients the engine uses, and the messages of every Kafka API. Nothing is sent anywhere.
 */
public final class StartupTraining {
    private static final int CONNECT_TIMEOUT_MS = 300;
    private static final String NOWHERE = "127.0.0.1:1";

    private StartupTraining() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: StartupTraining PIPELINE.yaml");
            System.exit(SluiceMain.EXIT_INVALID);
        }
        runUntilClusterCheck(Path.of(args[0]));
        kafkaClients();
        System.exit(SluiceMain.EXIT_OK);
    }

    private static void runUntilClusterCheck(Path pipeline) throws IOException {
        Path config = Files.createTempFile("sluice-training", ".yaml");
        try {
            Files.writeString(config, "cluster.connect.timeout.ms: " + CONNECT_TIMEOUT_MS + "\n");
            PrintWriter discard = new PrintWriter(Writer.nullWriter());
            SluiceMain.commandLine()
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
