package io.sluice.processor.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchSizeTest {
    @Test
    void aRunStartsSmallAndDoublesAfterEachCommitUpToTheLimit() {
        BatchSize size = new BatchSize(100_000);
        List<Integer> sizes = new ArrayList<>();
        for (int commit = 0; commit < 7; commit++) {
            sizes.add(size.maxRecords());
            size.maybeGrow();
        }

        assertThat(sizes).containsExactly(5_000, 10_000, 20_000, 40_000, 80_000, 100_000, 100_000);
    }

    @Test
    void aLimitBelowTheFirstBatchIsTheSizeFromTheStart() {
        assertThat(new BatchSize(500).maxRecords()).isEqualTo(500);
    }

    @Test
    void aBatchTooLargeForItsTransactionHalvesTheSizeDownToOneRecord() {
        BatchSize size = new BatchSize(3);

        size.halve();
        assertThat(size.maxRecords()).isEqualTo(1);
        size.halve();
        assertThat(size.maxRecords()).isEqualTo(1);
        size.maybeGrow();
        assertThat(size.maxRecords()).isEqualTo(2);
    }
}
