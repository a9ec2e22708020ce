package io.sluice.processor.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PeerWatchTest {
    @Test
    void shouldBeatEverySixthOfTheTimeoutWhenThatIsBetween100And500Milliseconds() {
        assertThat(PeerWatch.interval(Duration.ofMillis(1_800))).isEqualTo(Duration.ofMillis(300));
        assertThat(PeerWatch.interval(Duration.ofMillis(3_000))).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void shouldBeatAtMostEvery500AndAtLeastEvery100MillisecondsWhenTheTimeoutIsLongOrShort() {
        assertThat(PeerWatch.interval(Duration.ofSeconds(60))).isEqualTo(Duration.ofMillis(500));
        assertThat(PeerWatch.interval(Duration.ofMillis(300))).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void shouldNameTheLifelineSettingsWhenItsPortIsTaken() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            EngineSettings settings =
                    EngineSettings.of("localhost:1", "a")
                            .withPeerTimeout(Duration.ofSeconds(3))
                            .withPeerLifeline(
                                    InetSocketAddress.createUnresolved(
                                            "127.0.0.1", taken.getLocalPort()));

            assertThatThrownBy(() -> PeerWatch.start(settings, "orders"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith(
                            "group.peer.lifeline.host/port: cannot listen on 127.0.0.1:"
                                    + taken.getLocalPort());
        }
    }

    @Test
    void shouldStartNothingWhenTheTimeoutIsZero() {
        EngineSettings off = EngineSettings.of("localhost:1", "a");

        assertThat(PeerWatch.start(off, "orders")).isNull();
    }
}
