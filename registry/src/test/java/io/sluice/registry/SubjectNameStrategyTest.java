package io.sluice.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class SubjectNameStrategyTest {
    private static final Schema ORDER =
            new Schema.Parser()
                    .parse(
                            "{\"type\":\"record\",\"name\":\"Order\",\"namespace\":\"shop\","
                                    + "\"fields\":[{\"name\":\"id\",\"type\":\"long\"}]}");

    @Test
    void shouldNameTopicSubjectsAfterTopicAndRecordPart() {
        assertThat(SubjectNameStrategy.TOPIC.subject("orders", ORDER, false))
                .isEqualTo("orders-value");
        assertThat(SubjectNameStrategy.TOPIC.subject("orders", ORDER, true))
                .isEqualTo("orders-key");
    }

    @Test
    void shouldNameRecordSubjectsAfterTheFullNameWhateverTheTopic() {
        assertThat(SubjectNameStrategy.RECORD.subject("orders", ORDER, false))
                .isEqualTo("shop.Order");
        assertThat(SubjectNameStrategy.RECORD.subject("other", ORDER, true))
                .isEqualTo("shop.Order");
    }

    @Test
    void shouldNameTopicRecordSubjectsAfterTopicAndFullName() {
        assertThat(SubjectNameStrategy.TOPIC_RECORD.subject("orders", ORDER, false))
                .isEqualTo("orders-shop.Order");
    }

    @Test
    void shouldUseTheTypeNameWhenTheSchemaHasNoName() {
        Schema string = Schema.create(Schema.Type.STRING);

        assertThat(SubjectNameStrategy.RECORD.subject("t", string, true)).isEqualTo("string");
    }

    @Test
    void shouldParsePipelineNamesIgnoringCase() {
        assertThat(SubjectNameStrategy.parse("topic")).isEqualTo(SubjectNameStrategy.TOPIC);
        assertThat(SubjectNameStrategy.parse("Record")).isEqualTo(SubjectNameStrategy.RECORD);
        assertThat(SubjectNameStrategy.parse(" topicRecord "))
                .isEqualTo(SubjectNameStrategy.TOPIC_RECORD);
    }

    @Test
    void shouldParseConfluentClassNames() {
        assertThat(
                        SubjectNameStrategy.parse(
                                "io.confluent.kafka.serializers.subject.TopicNameStrategy"))
                .isEqualTo(SubjectNameStrategy.TOPIC);
        assertThat(
                        SubjectNameStrategy.parse(
                                "io.confluent.kafka.serializers.subject.RecordNameStrategy"))
                .isEqualTo(SubjectNameStrategy.RECORD);
        assertThat(
                        SubjectNameStrategy.parse(
                                "io.confluent.kafka.serializers.subject.TopicRecordNameStrategy"))
                .isEqualTo(SubjectNameStrategy.TOPIC_RECORD);
    }

    @Test
    void shouldRoundTripEachPipelineName() {
        for (SubjectNameStrategy strategy : SubjectNameStrategy.values()) {
            assertThat(SubjectNameStrategy.parse(strategy.pipelineName())).isEqualTo(strategy);
        }
    }

    @Test
    void shouldListTheChoicesWhenTheNameIsUnknown() {
        assertThatThrownBy(() -> SubjectNameStrategy.parse("topic_name"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"topic_name\"")
                .hasMessageContaining("topic, record or topicRecord")
                .hasMessageContaining("io.confluent.kafka.serializers.subject.TopicNameStrategy");
    }
}
