package io.sluice.processor.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.processor.plan.Trigger;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rejections of the trigger, errors and output settings. */
class SettingsValidationTest {
    private static final String HEAD =
            """
            name: test
            source: {topic: invoices, format: json, schema: schemas/invoice.avsc}
            sink: {type: console}
            """;

    @TempDir Path directory;

    private PipelineFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new PipelineFixture(directory);
    }

    @Test
    void shouldRejectATriggerWithBothIntervalAndAvailableNow() {
        String yaml = HEAD + "trigger: {interval: 1s, availableNow: true}\n";

        PipelineFileException e = fixture.failure(yaml);

        assertThat(e)
                .hasMessage(
                        fixture.at(
                                "4:25: trigger.availableNow: give one of interval, availableNow"
                                        + " and minInterval; expected one of them"));
    }

    @Test
    void shouldTakeTheMinimumIntervalOfTheDefaultTriggerZeroIncluded() {
        assertThat(fixture.load(HEAD + "trigger: {minInterval: 10ms}\n").plan().trigger())
                .isEqualTo(new Trigger.AsFastAsPossible(Duration.ofMillis(10)));
        assertThat(fixture.load(HEAD + "trigger: {minInterval: 0s}\n").plan().trigger())
                .isEqualTo(new Trigger.AsFastAsPossible(Duration.ZERO));
        assertThat(fixture.load(HEAD).plan().trigger())
                .isEqualTo(new Trigger.AsFastAsPossible(Duration.ofMillis(25)));
    }

    @Test
    void shouldRejectAZeroTriggerInterval() {
        String yaml = HEAD + "trigger: {interval: 0s}\n";

        PipelineFileException e = fixture.failure(yaml);

        assertThat(e)
                .hasMessage(
                        fixture.at(
                                "4:21: trigger.interval: the interval is zero; expected a positive"
                                        + " duration, or no trigger for as fast as possible"));
    }

    @Test
    void shouldSuggestTheKeyWhenATriggerKeyIsMisspelt() {
        String yaml = HEAD + "trigger:\n  availablenow: true\n";

        PipelineFileException e = fixture.failure(yaml);

        assertThat(e)
                .hasMessage(
                        fixture.at(
                                "5:3: trigger.availablenow: unknown key (did you mean"
                                        + " 'availableNow'?); expected one of interval,"
                                        + " availableNow, minInterval"));
    }

    @Test
    void shouldRejectADeadLetterTopicWithAnotherPolicy() {
        String yaml = HEAD + "errors:\n  policy: skip\n  topic: bad-records\n";

        PipelineFileException e = fixture.failure(yaml);

        assertThat(e)
                .hasMessage(
                        fixture.at(
                                "6:10: errors.topic: a dead-letter topic is set but the policy is"
                                        + " skip; expected no topic, or policy dead-letter"));
    }

    @Test
    void shouldRejectAnUnknownErrorPolicy() {
        String yaml = HEAD + "errors: {policy: dead-letters}\n";

        PipelineFileException e = fixture.failure(yaml);

        assertThat(e)
                .hasMessage(
                        fixture.at(
                                "4:18: errors.policy: unknown value 'dead-letters' (did you mean"
                                        + " 'dead-letter'?); expected one of dead-letter, skip,"
                                        + " fail"));
    }

    @Test
    void shouldRejectUpdateOutputWhenEveryStepIsStateless() {
        String yaml = HEAD + "output: update\n";

        PipelineFileException e = fixture.failure(yaml);

        assertThat(e)
                .hasMessage(
                        fixture.at(
                                "4:9: output: output mode 'update' needs an aggregation step, and"
                                        + " this pipeline's steps are all stateless; expected"
                                        + " append"));
    }

    @Test
    void shouldRejectAnUnknownOutputMode() {
        String yaml = HEAD + "output: appendd\n";

        PipelineFileException e = fixture.failure(yaml);

        assertThat(e)
                .hasMessage(
                        fixture.at(
                                "4:9: output: unknown value 'appendd' (did you mean 'append'?);"
                                        + " expected one of append, update, complete"));
    }
}
