package io.sluice.bench.e2e.streams;

import java.io.File;
import java.io.IOException;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.avro.Schema;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;

/**
 * Runs one of the Kafka Streams benchmark apps with {@code exactly_once_v2} until SIGTERM.
 *
 * <p>Usage: {@code StreamsMain APP BOOTSTRAP INPUT OUTPUT APPLICATION_ID STATE_DIR SCHEMA [TABLE]},
 * where APP is {@code json-to-avro}, {@code invoice-notifications}, {@code store-sales-windows} or
 * {@code invoice-enriched-notifications}, SCHEMA the invoice's {@code .avsc} (used by {@code
 * json-to-avro}) and TABLE the customers topic (used, and needed, by {@code
 * invoice-enriched-notifications}). Everything else is Kafka Streams' default: one stream thread,
 * 100 ms commit interval under exactly-once; except that the join's app sets {@code
 * topology.optimization=all}, so that its table's changelog is the customers topic itself rather
 * than a copy written as the table is read (as the javadoc of {@code StreamsBuilder.table}
 * suggests). Exits 1 if the app fails.
 */
public final class StreamsMain {
    private StreamsMain() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length != 7 && args.length != 8) {
            System.err.println(
                    "usage: StreamsMain APP BOOTSTRAP INPUT OUTPUT APPLICATION_ID STATE_DIR"
                            + " SCHEMA [TABLE]");
            System.exit(2);
        }
        String app = args[0];
        Properties config = config(args[1], args[4], args[5]);
        Topology topology;
        if (app.equals("invoice-enriched-notifications")) {
            if (args.length != 8) {
                System.err.println(app + " needs TABLE, the customers topic");
                System.exit(2);
            }
            config.put(StreamsConfig.TOPOLOGY_OPTIMIZATION_CONFIG, StreamsConfig.OPTIMIZE);
            topology = EnrichedNotificationsTopology.build(args[2], args[7], args[3], config);
        } else {
            topology = topology(app, args[2], args[3], new File(args[6]));
        }
        KafkaStreams streams = new KafkaStreams(topology, config);
        CountDownLatch failed = new CountDownLatch(1);
        streams.setUncaughtExceptionHandler(
                e -> {
                    e.printStackTrace();
                    failed.countDown();
                    return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse
                            .SHUTDOWN_CLIENT;
                });
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> streams.close(Duration.ofSeconds(10)), "streams-shutdown"));
        streams.start();
        failed.await();
        streams.close(Duration.ofSeconds(10));
        System.exit(1);
    }

    private static Topology topology(String app, String input, String output, File schema)
            throws IOException {
        switch (app) {
            case "json-to-avro":
                return JsonToAvroTopology.build(input, output, new Schema.Parser().parse(schema));
            case "invoice-notifications":
                return NotificationsTopology.build(input, output);
            case "store-sales-windows":
                return StoreSalesWindowsTopology.build(input, output);
            default:
                throw new IllegalArgumentException(
                        "unknown app '"
                                + app
                                + "'; expected json-to-avro, invoice-notifications,"
                                + " store-sales-windows or invoice-enriched-notifications");
        }
    }

    private static Properties config(String bootstrap, String applicationId, String stateDir) {
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir);
        config.put(
                StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        return config;
    }
}
