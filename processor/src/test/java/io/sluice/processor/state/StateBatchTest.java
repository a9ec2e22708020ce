package io.sluice.processor.state;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StateBatchTest {

    private static final byte[] KEY = {1, 2};
    private static final byte[] VALUE = {9};

    private final StateBatch batch = new StateBatch();

    @Test
    void shouldReturnTheValueWhenTheBatchPutTheKey() {
        batch.put("counts", KEY, VALUE);

        Pending pending = batch.lookup("counts", new byte[] {1, 2});

        assertThat(pending)
                .isInstanceOfSatisfying(
                        Pending.Put.class, put -> assertThat(put.value()).isEqualTo(VALUE));
    }

    @Test
    void shouldReturnDeletedWhenTheLastWriteOfTheKeyIsADelete() {
        batch.put("counts", KEY, VALUE);
        batch.delete("counts", KEY);

        Pending pending = batch.lookup("counts", KEY);

        assertThat(pending).isSameAs(Pending.DELETED);
        assertThat(batch.size()).isEqualTo(1);
    }

    @Test
    void shouldReturnAbsentWhenOnlyAnotherStoreHoldsTheKey() {
        batch.put("counts", KEY, VALUE);

        Pending pending = batch.lookup("sums", KEY);

        assertThat(pending).isSameAs(Pending.ABSENT);
    }

    @Test
    void shouldListWritesInUnsignedKeyOrderWhenReadPerStore() {
        batch.put("counts", new byte[] {(byte) 0xFF}, VALUE);
        batch.put("counts", new byte[] {0x01}, VALUE);
        batch.delete("counts", new byte[] {0x7F});

        var keys = batch.writes("counts").keySet();

        assertThat(keys)
                .containsExactly(new byte[] {0x01}, new byte[] {0x7F}, new byte[] {(byte) 0xFF});
    }

    @Test
    void shouldForgetEveryWriteWhenCleared() {
        batch.put("counts", KEY, VALUE);
        batch.delete("sums", KEY);

        batch.clear();

        assertThat(batch.isEmpty()).isTrue();
        assertThat(batch.stores()).isEmpty();
        assertThat(batch.lookup("counts", KEY)).isSameAs(Pending.ABSENT);
    }
}
