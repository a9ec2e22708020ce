package io.sluice.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class UnknownIdsTest {
    private final AtomicLong nanos = new AtomicLong(-5_000_000_000L); // near a sign change
    private final UnknownIds unknown = new UnknownIds(Duration.ofSeconds(60), nanos::get);

    @Test
    void shouldRememberAnIdUntilItsTimeToLivePasses() {
        unknown.add(7);

        nanos.addAndGet(Duration.ofSeconds(59).toNanos());
        assertThat(unknown.contains(7)).isTrue();

        nanos.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(unknown.contains(7)).isFalse();
        assertThat(unknown.size()).isZero();
    }

    @Test
    void shouldNotContainIdsNeverAdded() {
        unknown.add(7);

        assertThat(unknown.contains(8)).isFalse();
    }

    @Test
    void shouldDropExpiredIdsWhenFull() {
        for (int id = 0; id < UnknownIds.MAX_IDS; id++) {
            unknown.add(id);
        }
        nanos.addAndGet(Duration.ofSeconds(61).toNanos());

        unknown.add(-1);

        assertThat(unknown.size()).isEqualTo(1);
        assertThat(unknown.contains(-1)).isTrue();
    }

    @Test
    void shouldForgetAllWhenFullOfLiveIds() {
        for (int id = 0; id < UnknownIds.MAX_IDS; id++) {
            unknown.add(id);
        }

        unknown.add(-1);

        assertThat(unknown.size()).isEqualTo(1);
        assertThat(unknown.contains(0)).isFalse();
    }
}
