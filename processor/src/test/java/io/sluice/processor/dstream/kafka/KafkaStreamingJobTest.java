package io.sluice.processor.dstream.kafka;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;

/** Topic loops a Kafka streaming job refuses while its graph is built, before it runs. */
class KafkaStreamingJobTest {
    private static final Schema LINE =
            SchemaBuilder.record("Line").fields().requiredString("line").endRecord();
    private static final Duration SECOND = Duration.ofSeconds(1);

    @Test
    void shouldRefuseAnOutputTopicWhenItIsTheSourceTopic() {
        KafkaStreamingJob job = KafkaStreamingJob.json("words", "lines", LINE, SECOND);

        assertThatThrownBy(() -> job.toKafka(job.input(), "lines", r -> null, Object::toString))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "output topic 'lines' is also the job's source topic: the job would read"
                                + " its own output and write it again, forever; expected a topic"
                                + " the job does not read");
    }

    @Test
    void shouldRefuseAnOutputTopicWhenItIsTheDeadLetterTopic() {
        KafkaStreamingJob job = KafkaStreamingJob.json("words", "lines", LINE, SECOND);

        assertThatThrownBy(() -> job.toKafka(job.input(), "words-dlq", r -> null, Object::toString))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(
                        "output topic 'words-dlq' is also the job's dead-letter topic"
                                + " (<name>-dlq):");
    }

    @Test
    void shouldRefuseAnOutputTopicWhenItIsTheCheckpointTopic() {
        KafkaStreamingJob job = KafkaStreamingJob.json("words", "lines", LINE, SECOND);

        assertThatThrownBy(
                        () ->
                                job.toKafka(
                                        job.input(),
                                        "words-dstream-checkpoint",
                                        r -> null,
                                        Object::toString))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(
                        "output topic 'words-dstream-checkpoint' is the checkpoint topic of a"
                                + " DStream job named 'words', which only the engine reads and"
                                + " writes;");
    }

    @Test
    void shouldRefuseASourceTopicWhenItIsTheDeadLetterTopic() {
        assertThatThrownBy(() -> KafkaStreamingJob.json("words", "words-dlq", LINE, SECOND))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(
                        "source topic 'words-dlq' is also the job's dead-letter topic"
                                + " (<name>-dlq): a record that fails to decode would be read"
                                + " again");
    }
}
