package io.sluice.processor.dstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.processor.testkit.QueueStream;
import io.sluice.processor.testkit.StreamingTestKit;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link DStream#saveAsTextFiles}: a directory of text per batch time, as Spark names them. */
class TextFilesTest {
    private final StreamingTestKit kit = StreamingTestKit.withBatchInterval(Duration.ofSeconds(1));

    @TempDir Path directory;

    @Test
    void shouldWriteEachBatchToADirectoryNamedByItsTime() {
        QueueStream<Integer> numbers = kit.queueStream();
        numbers.stream()
                .map(n -> "n=" + n)
                .saveAsTextFiles(directory.resolve("out").toString(), "txt");
        kit.start();

        numbers.addBatch(1, 2);
        numbers.addBatch();
        kit.advanceBatches(2);

        assertThat(directory.resolve("out-1000.txt/part-00000")).hasContent("n=1\nn=2");
        assertThat(directory.resolve("out-1000.txt/_SUCCESS")).exists();
        assertThat(directory.resolve("out-2000.txt/part-00000")).isEmptyFile();
    }

    @Test
    void shouldLeaveTheSuffixOutWhenItIsEmpty() {
        QueueStream<String> words = kit.queueStream();
        words.stream().saveAsTextFiles(directory.resolve("words").toString(), "");
        kit.start();

        words.addBatch("a");
        kit.advanceBatches(1);

        assertThat(directory.resolve("words-1000/part-00000")).hasContent("a");
    }
}
