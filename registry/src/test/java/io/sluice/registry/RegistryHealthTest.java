package io.sluice.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class RegistryHealthTest {
    private final MutableClock clock = new MutableClock();
    private final RegistryHealth health = new RegistryHealth(clock);

    @Test
    void shouldReportNoOutageAndNoSuccessBeforeAnyCall() {
        assertThat(health.outage()).isEmpty();
        assertThat(health.lastSuccess()).isNull();
    }

    @Test
    void shouldDateAnOutageFromItsFirstFailureAndGiveTheLatestReason() {
        clock.now = Instant.parse("2026-01-01T00:00:00Z");
        health.recordUnreachable("connection refused");
        clock.now = Instant.parse("2026-01-01T00:00:10Z");

        health.recordUnreachable("timed out");

        assertThat(health.outage())
                .contains(
                        new RegistryHealth.Outage(
                                Instant.parse("2026-01-01T00:00:00Z"), "timed out"));
    }

    @Test
    void shouldEndTheOutageWhenACallIsAnswered() {
        health.recordUnreachable("connection refused");
        clock.now = Instant.parse("2026-01-01T00:01:00Z");

        health.recordAnswer();

        assertThat(health.outage()).isEmpty();
        assertThat(health.lastSuccess()).isEqualTo(Instant.parse("2026-01-01T00:01:00Z"));
        assertThat(health.answeredCalls()).isEqualTo(1);
    }

    private static final class MutableClock extends Clock {
        Instant now = Instant.EPOCH;

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
