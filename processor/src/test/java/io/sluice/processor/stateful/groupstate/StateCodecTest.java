package io.sluice.processor.stateful.groupstate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.processor.StateCorruptedException;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

class StateCodecTest {

    @Test
    void shouldReadBackWhatItWroteWhenTheStateIsALongStringOrRecord() {
        GenericRecord record = Rows.count("ann", 42);

        assertThat(StateCodec.longs().decode(StateCodec.longs().encode(-7L))).isEqualTo(-7L);
        assertThat(StateCodec.strings().decode(StateCodec.strings().encode("zoë")))
                .isEqualTo("zoë");
        GenericRecord back =
                StateCodec.avro(Rows.COUNT).decode(StateCodec.avro(Rows.COUNT).encode(record));
        assertThat(back).isEqualTo(record);
        assertThat(back.get("user")).isInstanceOf(String.class);
    }

    @Test
    void shouldRefuseBytesThatAreNotAStateWhenDecoding() {
        assertThatThrownBy(() -> StateCodec.longs().decode(new byte[3]))
                .isInstanceOf(StateCorruptedException.class);
        assertThatThrownBy(() -> StateCodec.avro(Rows.COUNT).decode(new byte[] {2, 'a', 4, 9}))
                .isInstanceOf(StateCorruptedException.class);
    }
}
