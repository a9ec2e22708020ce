package io.sluice.processor.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateSettingsTest {

    private static final long GIB = 1L << 30;
    private static final long HEAP = 2 * GIB;

    @TempDir Path cgroup;

    @Test
    void shouldTakeAQuarterOfTheLimitWhenCgroupV2HasOne() throws IOException {
        Files.writeString(cgroup.resolve("memory.max"), "4294967296\n");

        long bytes = ContainerMemory.defaultStateBytes(cgroup, HEAP);

        assertThat(bytes).isEqualTo(GIB);
    }

    @Test
    void shouldTakeAQuarterOfTheHeapWhenCgroupV2SaysMax() throws IOException {
        Files.writeString(cgroup.resolve("memory.max"), "max\n");

        long bytes = ContainerMemory.defaultStateBytes(cgroup, HEAP);

        assertThat(bytes).isEqualTo(HEAP / 4);
    }

    @Test
    void shouldTakeAQuarterOfTheLimitWhenOnlyCgroupV1HasOne() throws IOException {
        Files.createDirectories(cgroup.resolve("memory"));
        Files.writeString(cgroup.resolve("memory/memory.limit_in_bytes"), "8589934592\n");

        long bytes = ContainerMemory.defaultStateBytes(cgroup, HEAP);

        assertThat(bytes).isEqualTo(2 * GIB);
    }

    @Test
    void shouldTakeAQuarterOfTheHeapWhenCgroupV1ReportsNoLimit() throws IOException {
        Files.createDirectories(cgroup.resolve("memory"));
        Files.writeString(cgroup.resolve("memory/memory.limit_in_bytes"), "9223372036854771712");

        long bytes = ContainerMemory.defaultStateBytes(cgroup, HEAP);

        assertThat(bytes).isEqualTo(HEAP / 4);
    }

    @Test
    void shouldTakeAQuarterOfTheHeapWhenThereIsNoCgroup() {
        Path missing = cgroup.resolve("absent");

        long bytes = ContainerMemory.defaultStateBytes(missing, HEAP);

        assertThat(bytes).isEqualTo(HEAP / 4);
    }

    @Test
    void shouldKeepTheFloorWhenTheLimitIsSmall() throws IOException {
        Files.writeString(cgroup.resolve("memory.max"), "134217728");

        long bytes = ContainerMemory.defaultStateBytes(cgroup, HEAP);

        assertThat(bytes).isEqualTo(StateSettings.MIN_DEFAULT_MEMORY_BYTES);
    }

    @Test
    void shouldKeepTheFloorWhenTheHeapIsUnbounded() {
        long bytes = ContainerMemory.defaultStateBytes(cgroup, Long.MAX_VALUE);

        assertThat(bytes).isEqualTo(StateSettings.MIN_DEFAULT_MEMORY_BYTES);
    }

    @Test
    void shouldGiveAQuarterOfTheBudgetToMemtablesWhenSplittingMemory() {
        StateSettings settings = new StateSettings(cgroup, 256L << 20);

        assertThat(settings.blockCacheBytes()).isEqualTo(256L << 20);
        assertThat(settings.writeBufferBytes()).isEqualTo(64L << 20);
    }

    @Test
    void shouldRejectTheBudgetWhenBelowTheMinimum() {
        assertThatThrownBy(() -> new StateSettings(cgroup, StateSettings.MIN_MEMORY_BYTES - 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("state.memory.bytes");
    }

    @Test
    void shouldPutEachTaskUnderItsPipelineWhenNamingDirectories() {
        TaskStoreId id = new TaskStoreId("sales", "stage0-p3");

        assertThat(id.directory(cgroup)).isEqualTo(cgroup.resolve("sales").resolve("stage0-p3"));
    }

    @Test
    void shouldRejectTaskNamesWhenTheyLeaveTheStateDirectory() {
        assertThatThrownBy(() -> new TaskStoreId("sales", ".."))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TaskStoreId("../etc", "p0"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
