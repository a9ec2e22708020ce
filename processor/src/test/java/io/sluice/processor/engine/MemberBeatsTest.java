package io.sluice.processor.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MemberBeatsTest {
    @Test
    void shouldReadTheProcessAndLifelineABeatNames() {
        MemberBeats.Beat beat =
                MemberBeats.Beat.parse(
                        bytes("alive@1765000000000;incarnation=5f1c;lifeline=10.0.0.7:41234"));

        assertThat(beat).isEqualTo(new MemberBeats.Beat("5f1c", "10.0.0.7:41234"));
        assertThat(beat.hasLifeline()).isTrue();
        assertThat(beat.tags()).isEqualTo(";incarnation=5f1c;lifeline=10.0.0.7:41234");
    }

    @Test
    void shouldReadABeatWithoutALifelineAsHavingNone() {
        MemberBeats.Beat older = MemberBeats.Beat.parse(bytes("alive@1765000000000"));

        assertThat(older.hasLifeline()).isFalse();
        assertThat(older.tags()).isEmpty();
        assertThat(new MemberBeats.Beat(null, null).tags()).isEmpty();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
