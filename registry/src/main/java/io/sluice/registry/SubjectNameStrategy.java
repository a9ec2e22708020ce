package io.sluice.registry;

import java.util.Objects;
import org.apache.avro.Schema;

/**
 * How the subject of a record's schema is named, as Confluent's serializers name it; pipelines
 * choose one by {@link #pipelineName()}.
 */
public enum SubjectNameStrategy {
    /** {@code <topic>-value} or {@code <topic>-key}: one schema lineage per topic. */
    TOPIC("topic", "io.confluent.kafka.serializers.subject.TopicNameStrategy"),
    /** The schema's full name: one lineage per record type, shared by every topic. */
    RECORD("record", "io.confluent.kafka.serializers.subject.RecordNameStrategy"),
    /** {@code <topic>-<full name>}: one lineage per record type within a topic. */
    TOPIC_RECORD("topicRecord", "io.confluent.kafka.serializers.subject.TopicRecordNameStrategy");

    private final String pipelineName;
    private final String confluentClassName;

    SubjectNameStrategy(String pipelineName, String confluentClassName) {
        this.pipelineName = pipelineName;
        this.confluentClassName = confluentClassName;
    }

    /**
     * The subject for a record key's or value's schema in a topic.
     *
     * <p>The full name of a schema without a name (a primitive) is its type, as in Confluent's
     * serializers. {@link #TOPIC} needs no schema: it may be null, to find the subject to read a
     * schema from.
     */
    public String subject(String topic, Schema schema, boolean isKey) {
        Objects.requireNonNull(topic, "topic");
        switch (this) {
            case TOPIC:
                return topic + (isKey ? "-key" : "-value");
            case RECORD:
                return Objects.requireNonNull(schema, "schema").getFullName();
            case TOPIC_RECORD:
                return topic + "-" + Objects.requireNonNull(schema, "schema").getFullName();
            default:
                throw new AssertionError(this);
        }
    }

    /** The name pipelines use: {@code topic}, {@code record} or {@code topicRecord}. */
    public String pipelineName() {
        return pipelineName;
    }

    /**
     * The strategy with this pipeline name or Confluent class name (e.g. {@code
     * io.confluent.kafka.serializers.subject.TopicNameStrategy}); pipeline names ignore case.
     *
     * @throws IllegalArgumentException listing the choices when the text names none
     */
    public static SubjectNameStrategy parse(String text) {
        String name = Objects.requireNonNull(text, "text").trim();
        for (SubjectNameStrategy strategy : values()) {
            if (strategy.pipelineName.equalsIgnoreCase(name)
                    || strategy.confluentClassName.equals(name)) {
                return strategy;
            }
        }
        throw new IllegalArgumentException(
                String.format(
                        "unknown subject name strategy \"%s\"; choose topic, record or topicRecord"
                                + " (or Confluent's %s, %s or %s)",
                        text,
                        TOPIC.confluentClassName,
                        RECORD.confluentClassName,
                        TOPIC_RECORD.confluentClassName));
    }
}
