package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.testkit.FreePorts;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code sluice broker start|status|stop} runs a broker plain Kafka clients can use. */
class BrokerCommandIT {
    @TempDir Path directory;

    private Process unrelated;

    @AfterEach
    void stopLeftovers() {
        run("broker", "stop", "--dir", directory.toString(), "--timeout", "PT5S");
        if (unrelated != null) {
            unrelated.destroyForcibly();
        }
    }

    @Test
    void shouldServePlainKafkaClientsWhenStartedAndStopWhenAsked() throws Exception {
        int port = FreePorts.adjacentPair();

        Result start = run("broker", "start", "--dir", directory.toString(), "--port", "" + port);
        String bootstrap = "127.0.0.1:" + port;
        String value = produceAndConsume(bootstrap);
        Result status = run("broker", "status", "--dir", directory.toString());
        Result stop = run("broker", "stop", "--dir", directory.toString());
        Result after = run("broker", "status", "--dir", directory.toString());

        assertThat(start.exitCode()).isZero();
        assertThat(start.out()).contains("Kafka broker running at " + bootstrap);
        assertThat(value).isEqualTo("hello");
        assertThat(status.exitCode()).isZero();
        assertThat(stop.out()).contains("Stopped the Kafka broker at " + bootstrap);
        assertThat(after.exitCode()).isEqualTo(SluiceMain.EXIT_FAILED);
    }

    @Test
    void shouldLeaveOtherProcessesAloneWhenThePidFileIsStale() throws Exception {
        unrelated = new ProcessBuilder("sleep", "60").start();
        Files.writeString(directory.resolve("broker.pid"), Long.toString(unrelated.pid()));
        Files.writeString(directory.resolve("bootstrap.servers"), "127.0.0.1:1");

        Result stop = run("broker", "stop", "--dir", directory.toString());

        assertThat(stop.out()).contains("No local Kafka broker is running");
        assertThat(unrelated.waitFor(200, TimeUnit.MILLISECONDS)).isFalse();
        assertThat(unrelated.isAlive()).isTrue();
    }

    @Test
    void shouldSayWhyWhenThePortIsTaken() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();

            Result start =
                    run("broker", "start", "--dir", directory.toString(), "--port", "" + port);

            assertThat(start.exitCode()).isEqualTo(SluiceMain.EXIT_FAILED);
            assertThat(start.err()).contains("port " + port + " on 127.0.0.1 is in use");
        }
    }

    private static String produceAndConsume(String bootstrap) {
        String topic = "plain-client";
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(
                        Map.of(
                                "bootstrap.servers", bootstrap,
                                "key.serializer", StringSerializer.class,
                                "value.serializer", StringSerializer.class))) {
            producer.send(new ProducerRecord<>(topic, "hello")).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("cannot produce to " + bootstrap, e);
        }
        TopicPartition partition = new TopicPartition(topic, 0);
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(
                        Map.of(
                                "bootstrap.servers", bootstrap,
                                "key.deserializer", StringDeserializer.class,
                                "value.deserializer", StringDeserializer.class))) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record :
                        consumer.poll(Duration.ofMillis(200))) {
                    return record.value();
                }
            }
        }
        throw new AssertionError("nothing consumed from " + bootstrap);
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = SluiceMain.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new Result(exitCode, out.toString(), err.toString());
    }

    private record Result(int exitCode, String out, String err) {}
}
