package io.sluice.processor.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PeerSilenceTest {
    private static final long MS = 1_000_000L;

    private final PeerSilence silence = new PeerSilence("a", Duration.ofMillis(3000));

    @Test
    void shouldNameAPeerWhenItWasSilentLongerThanTheTimeoutWhileThisInstanceWasCurrent() {
        silence.beat("a", 0);
        silence.beat("b", 0);
        silence.beat("c", 0);
        for (long t = 500; t <= 3500; t += 500) {
            silence.beat("a", t * MS);
            silence.beat("c", t * MS);
        }

        assertThat(silence.silentPeers(3500 * MS))
                .containsExactly(new PeerSilence.Silent("b", Duration.ofMillis(3500)));
    }

    @Test
    void shouldNameNobodyWhenEveryPeerBeatWithinTheTimeout() {
        silence.beat("b", 0);
        silence.beat("a", 2900 * MS);
        silence.beat("b", 1000 * MS);

        assertThat(silence.silentPeers(3900 * MS)).isEmpty();
    }

    @Test
    void shouldJudgeNobodyWhenItsOwnBeatsAreLate() {
        silence.beat("a", 0);
        silence.beat("b", 0);

        // its own last beat is 4 s old: this instance is the slow one (starved or cut off)
        assertThat(silence.isCurrent(4000 * MS)).isFalse();
        assertThat(silence.silentPeers(4000 * MS)).isEmpty();
    }

    @Test
    void shouldJudgeNobodyBeforeItHasSeenABeatOfItsOwn() {
        silence.beat("b", 0);

        assertThat(silence.silentPeers(10_000 * MS)).isEmpty();
    }

    @Test
    void shouldJudgeOthersAgainWhenABacklogOfBeatsArrivesAfterAPause() {
        silence.beat("a", 0);
        silence.beat("b", 0);

        // paused 10 s; the next read brings both its own and the peer's later beats
        silence.beat("a", 10_000 * MS);
        silence.beat("b", 10_000 * MS);

        assertThat(silence.silentPeers(10_100 * MS)).isEmpty();
    }

    @Test
    void shouldNeverNameAPeerThatLeftOrNeverBeat() {
        silence.beat("b", 0);
        silence.left("b");
        silence.beat("a", 9_000 * MS);

        assertThat(silence.silentPeers(9_000 * MS)).isEmpty();
    }

    @Test
    void shouldNeverNameItselfWhenItsOwnBeatsStop() {
        silence.beat("a", 0);
        silence.beat("b", 0);
        silence.beat("b", 1000 * MS);

        assertThat(silence.silentPeers(1400 * MS)).isEmpty();
        assertThat(silence.silentPeers(5000 * MS)).isEmpty();
    }

    @Test
    void shouldNameAForgottenPeerAgainOnlyAfterItBeatAgainAndFellSilent() {
        silence.beat("a", 0);
        silence.beat("b", 0);
        silence.beat("a", 3500 * MS);
        assertThat(silence.silentPeers(3500 * MS))
                .extracting(PeerSilence.Silent::instanceId)
                .containsExactly("b");

        silence.forget("b");
        silence.beat("a", 7000 * MS);
        assertThat(silence.silentPeers(7000 * MS)).isEmpty();

        silence.beat("b", 7000 * MS);
        silence.beat("a", 10_500 * MS);
        assertThat(silence.silentPeers(10_500 * MS))
                .extracting(PeerSilence.Silent::instanceId)
                .containsExactly("b");
    }
}
