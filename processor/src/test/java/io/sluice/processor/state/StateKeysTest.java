package io.sluice.processor.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StateKeysTest {

    private static final long SEED = 20_261_121L;
    private static final int SAMPLES = 5_000;

    private record WindowOf(byte[] group, long start) {}

    private record Expiry(long end, byte[] key) {}

    @Test
    void shouldSortWindowKeysByGroupBytesThenStartWhenEncoded() {
        Random random = new Random(SEED);
        List<WindowOf> windows = new ArrayList<>();
        for (int i = 0; i < SAMPLES; i++) {
            windows.add(new WindowOf(randomBytes(random), randomTime(random)));
        }

        List<byte[]> encoded = new ArrayList<>();
        for (WindowOf window : windows) {
            encoded.add(StateKeys.windowKey(window.group(), window.start()));
        }
        encoded.sort(Arrays::compareUnsigned);
        windows.sort(
                Comparator.<WindowOf, byte[]>comparing(WindowOf::group, Arrays::compareUnsigned)
                        .thenComparingLong(WindowOf::start));

        for (int i = 0; i < SAMPLES; i++) {
            assertThat(StateKeys.group(encoded.get(i))).isEqualTo(windows.get(i).group());
            assertThat(StateKeys.windowStart(encoded.get(i))).isEqualTo(windows.get(i).start());
        }
    }

    @Test
    void shouldSortExpiryKeysByWindowEndThenKeyWhenEncoded() {
        Random random = new Random(SEED + 1);
        List<Expiry> expiries = new ArrayList<>();
        for (int i = 0; i < SAMPLES; i++) {
            expiries.add(new Expiry(randomTime(random), randomBytes(random)));
        }

        List<byte[]> encoded = new ArrayList<>();
        for (Expiry expiry : expiries) {
            encoded.add(StateKeys.expiryKey(expiry.end(), expiry.key()));
        }
        encoded.sort(Arrays::compareUnsigned);
        expiries.sort(
                Comparator.comparingLong(Expiry::end)
                        .thenComparing(Expiry::key, Arrays::compareUnsigned));

        for (int i = 0; i < SAMPLES; i++) {
            assertThat(StateKeys.expiryWindowEnd(encoded.get(i))).isEqualTo(expiries.get(i).end());
            assertThat(StateKeys.expiryStateKey(encoded.get(i))).isEqualTo(expiries.get(i).key());
        }
    }

    @Test
    void shouldSortNegativeStartsBeforePositiveWhenGroupIsEqual() {
        byte[] group = {7};

        byte[] beforeEpoch = StateKeys.windowKey(group, -1);
        byte[] atEpoch = StateKeys.windowKey(group, 0);
        byte[] afterEpoch = StateKeys.windowKey(group, 1);

        assertThat(Arrays.compareUnsigned(beforeEpoch, atEpoch)).isNegative();
        assertThat(Arrays.compareUnsigned(atEpoch, afterEpoch)).isNegative();
    }

    @Test
    void shouldBoundExactlyTheGroupsWindowsWhenScanningOneGroup() {
        Random random = new Random(SEED + 2);
        byte[] group = {1, 0, 2};

        byte[] lower = StateKeys.groupLowerBound(group);
        byte[] upper = StateKeys.groupUpperBound(group);

        for (int i = 0; i < SAMPLES; i++) {
            byte[] other = random.nextInt(4) == 0 ? group : randomBytes(random);
            byte[] key = StateKeys.windowKey(other, randomTime(random));
            boolean inside =
                    Arrays.compareUnsigned(key, lower) >= 0
                            && Arrays.compareUnsigned(key, upper) < 0;
            assertThat(inside)
                    .as("window key of %s", Arrays.toString(other))
                    .isEqualTo(Arrays.equals(other, group));
        }
    }

    @Test
    void shouldBoundTheExpiryKeysThatEndBeforeATimeWhenScanningForExpired() {
        byte[] bound = StateKeys.expiryUpperBound(1_000);

        byte[] expired = StateKeys.expiryKey(999, new byte[] {(byte) 0xFF, (byte) 0xFF});
        byte[] live = StateKeys.expiryKey(1_000, new byte[0]);

        assertThat(Arrays.compareUnsigned(expired, bound)).isNegative();
        assertThat(Arrays.compareUnsigned(live, bound)).isNotNegative();
    }

    @Test
    void shouldRoundTripExtremeValuesWhenDecoding() {
        byte[] group = {0, 0, (byte) 0xFF, 0x01, 0};

        byte[] min = StateKeys.windowKey(group, Long.MIN_VALUE);
        byte[] max = StateKeys.windowKey(new byte[0], Long.MAX_VALUE);

        assertThat(StateKeys.group(min)).isEqualTo(group);
        assertThat(StateKeys.windowStart(min)).isEqualTo(Long.MIN_VALUE);
        assertThat(StateKeys.group(max)).isEmpty();
        assertThat(StateKeys.windowStart(max)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void shouldRejectBytesWhenTheyAreNotAWindowKey() {
        byte[] tooShort = new byte[9];
        byte[] badEscape = {0, 0x05, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0};
        byte[] expiryKey = StateKeys.expiryKey(5, new byte[] {1, 2, 3});

        assertThatThrownBy(() -> StateKeys.group(tooShort))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StateKeys.windowStart(badEscape))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StateKeys.group(expiryKey))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StateKeys.expiryWindowEnd(new byte[7]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Short arrays rich in the bytes the escaping treats specially: 0x00, 0x01, 0x02, 0xFF. */
    private static byte[] randomBytes(Random random) {
        byte[] bytes = new byte[random.nextInt(6)];
        byte[] special = {0, 1, 2, (byte) 0xFF};
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] =
                    random.nextBoolean()
                            ? special[random.nextInt(special.length)]
                            : (byte) random.nextInt(256);
        }
        return bytes;
    }

    private static long randomTime(Random random) {
        switch (random.nextInt(4)) {
            case 0:
                return random.nextLong();
            case 1:
                return random.nextInt(7) - 3; // around the epoch, and duplicates
            case 2:
                return random.nextBoolean() ? Long.MIN_VALUE : Long.MAX_VALUE;
            default:
                return 1_700_000_000_000L + random.nextInt(1_000_000) * 1_000L;
        }
    }
}
