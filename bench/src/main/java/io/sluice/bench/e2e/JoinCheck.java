package io.sluice.bench.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Checks the outputs of a run of a stream-table join after it: each notification of a known card
 * must carry its customer's e-mail address, each of an unknown card none. A join that ran before
 * its table was loaded, or looked in the wrong partition, shows up here, where the output count
 * alone would pass.
 *
 * <p>It reads the output topic once with a {@code read_committed} consumer after the workload has
 * stopped, so it costs the workload nothing.
 */
final class JoinCheck {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(200);

    private final Map<String, String> emailsByCard;

    /** A check against the customers of {@code customers}. */
    JoinCheck(CustomerGenerator customers) {
        this.emailsByCard = customers.emailsByCard();
    }

    /** Reads every committed record of {@code topic} and checks it. */
    Verdict verify(String bootstrap, String topic, InputStats input) {
        Counts counts = new Counts();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config(bootstrap))) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(topic).stream()
                            .map(p -> new TopicPartition(topic, p.partition()))
                            .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            // For a read_committed consumer these are the last stable offsets.
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (!isAtEnd(consumer, ends)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "the outputs of " + topic + " were not read in " + READ_TIMEOUT);
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL_TIMEOUT)) {
                    counts.add(record.value());
                }
            }
        }
        return counts.verdict(input);
    }

    private static boolean isAtEnd(
            KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            if (consumer.position(end.getKey()) < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** The tally of one output topic. */
    private final class Counts {
        private long joined;
        private long unmatched;
        private long wrong;
        private String firstWrong = "";
        private String sample = "";

        void add(byte[] value) {
            String json = value == null ? "null" : new String(value, StandardCharsets.UTF_8);
            JsonNode output;
            try {
                output = JSON.readTree(json);
            } catch (IOException e) {
                output = null;
            }
            JsonNode card = output == null ? null : output.get("CustomerCardNo");
            String expected = card == null ? null : emailsByCard.get(card.asText());
            JsonNode email = output == null ? null : output.get("EmailAddress");
            String actual = email == null || email.isNull() ? null : email.asText();
            if (card != null && expected != null && expected.equals(actual)) {
                joined++;
                if (sample.isEmpty()) {
                    sample = json;
                }
            } else if (card != null && expected == null && actual == null) {
                unmatched++;
            } else {
                wrong++;
                if (firstWrong.isEmpty()) {
                    firstWrong = json;
                }
            }
        }

        Verdict verdict(InputStats input) {
            return new Verdict(
                    joined,
                    unmatched,
                    wrong,
                    input.joinedRecords(),
                    input.primeRecords() - input.joinedRecords(),
                    firstWrong,
                    sample);
        }
    }

    /**
     * What the check found.
     *
     * @param joined outputs of a known card with its customer's e-mail
     * @param unmatched outputs of an unknown card with no e-mail
     * @param wrong every other output: a known card without its e-mail (or with another), an
     *     unknown card with one, or no card
     * @param expectedJoined the PRIME invoices of known cards in the input
     * @param expectedUnmatched the PRIME invoices of unknown cards in the input
     * @param firstWrong the first wrong output; empty when there was none
     * @param sample the first joined output, for the log; empty when there was none
     */
    record Verdict(
            long joined,
            long unmatched,
            long wrong,
            long expectedJoined,
            long expectedUnmatched,
            String firstWrong,
            String sample) {

        boolean isCorrect() {
            return wrong == 0 && joined == expectedJoined && unmatched == expectedUnmatched;
        }

        /** One line for the log and the results page. */
        String describe() {
            String counts =
                    String.format(
                            "%,d joined (expected %,d), %,d with an unknown card (expected %,d),"
                                    + " %,d wrong",
                            joined, expectedJoined, unmatched, expectedUnmatched, wrong);
            if (wrong > 0) {
                return counts + "; the first wrong one: " + firstWrong;
            }
            return sample.isEmpty() ? counts : counts + "; the first joined one: " + sample;
        }
    }

    private static Map<String, Object> config(String bootstrap) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 100_000);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return config;
    }
}
