package io.sluice.processor.dstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.processor.testkit.CollectedBatches;
import io.sluice.processor.testkit.StreamingTestKit;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** socketTextStream and textFileStream: what each batch holds. */
class SourceStreamsTest {
    @TempDir Path directory;

    @Test
    void shouldHoldTheLinesOfFilesNewSinceTheLastBatchWhenFilesAppearInTheDirectory()
            throws Exception {
        Files.writeString(directory.resolve("old.txt"), "there before\n");
        StreamingTestKit kit = StreamingTestKit.withBatchInterval(Duration.ofSeconds(1));
        CollectedBatches<String> lines = kit.collect(kit.context().textFileStream(directory));
        kit.start();

        Files.writeString(directory.resolve("b.txt"), "b1\n\nb2\n");
        Files.writeString(directory.resolve("a.txt"), "a1\r\na2");
        Files.writeString(directory.resolve(".c.txt.tmp"), "being written\n");
        kit.advanceBatches(1);
        kit.advanceBatches(1);
        Files.writeString(directory.resolve("c.txt"), "c1\n");
        kit.advanceBatches(1);

        assertThat(lines.at(kit.batchTime(1))).containsExactly("a1", "a2", "b1", "", "b2");
        assertThat(lines.at(kit.batchTime(2))).isEmpty();
        assertThat(lines.at(kit.batchTime(3))).containsExactly("c1");
    }

    @Test
    void shouldHoldTheLinesReceivedSinceTheLastBatchWhenAServerSendsLines() throws Exception {
        try (ServerSocket server = new ServerSocket(0)) {
            StreamingTestKit kit = StreamingTestKit.withBatchInterval(Duration.ofSeconds(1));
            CollectedBatches<String> lines =
                    kit.collect(kit.context().socketTextStream("localhost", server.getLocalPort()));
            kit.start();

            try (Socket client = server.accept()) {
                OutputStream out = client.getOutputStream();
                out.write("one\r\ntwo\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                List<String> received = new ArrayList<>();
                await().atMost(Duration.ofSeconds(30))
                        .until(
                                () -> {
                                    kit.advanceBatches(1)
                                            .forEach(t -> received.addAll(lines.at(t)));
                                    return received.size() >= 2;
                                });
                out.write("thr".getBytes(StandardCharsets.UTF_8));
                out.flush();
                kit.advanceBatches(1);
                out.write("ee\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                await().atMost(Duration.ofSeconds(30))
                        .until(
                                () -> {
                                    kit.advanceBatches(1)
                                            .forEach(t -> received.addAll(lines.at(t)));
                                    return received.size() >= 3;
                                });

                assertThat(received).containsExactly("one", "two", "three");
            } finally {
                kit.context().stop();
            }
        }
    }
}
