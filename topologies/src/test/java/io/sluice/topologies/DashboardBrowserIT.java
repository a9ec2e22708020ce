package io.sluice.topologies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sluice.testkit.JvmProcess;
import io.sluice.testkit.KafkaCluster;
import io.sluice.testkit.KafkaClusterExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The dashboard in a real headless Chromium against a running pipeline fed at a steady rate: the
 * rate tiles and the rate chart show non-zero input and processing rates, and the batch table lists
 * committed batches. The screenshot is saved as {@code target/dashboard.png}.
 */
@ExtendWith(KafkaClusterExtension.class)
class DashboardBrowserIT {
    static final Path SCREENSHOT = Path.of("target", "dashboard.png");
    private static final int RATE_PER_SECOND = 500;
    private static final Duration MAX_PRODUCING = Duration.ofMinutes(3);

    private final KafkaCluster kafka;

    @TempDir Path work;

    DashboardBrowserIT(KafkaCluster kafka) {
        this.kafka = kafka;
    }

    @Test
    void shouldChartNonZeroInputAndProcessingRatesWhenInputFlows() throws Exception {
        String name = kafka.uniqueTopic("dash");
        String input = name + "-invoices";
        kafka.createTopics(2, input);
        Path pipeline =
                PipelineFiles.invoiceNotifications(work, name, input, name + "-notifications");
        List<String> invoices = Invoices.sample();
        AtomicBoolean producing = new AtomicBoolean(true);

        try (JvmProcess sluice =
                SluiceProcess.run(kafka, pipeline, "dash", work.resolve("dash.log"))) {
            SluiceEndpoint endpoint = SluiceEndpoint.of(sluice);
            CompletableFuture<Void> producer =
                    CompletableFuture.runAsync(() -> produce(input, invoices, producing));
            ChromeDriver browser = HeadlessChromium.start(work.resolve("chromium"));
            try {
                browser.get(endpoint.uri("/").toString());

                await().atMost(Duration.ofMinutes(1))
                        .pollInterval(Duration.ofMillis(500))
                        .ignoreExceptions()
                        .until(() -> showsFlow(browser));

                Files.createDirectories(SCREENSHOT.getParent());
                Files.copy(
                        browser.getScreenshotAs(OutputType.FILE).toPath(),
                        SCREENSHOT,
                        StandardCopyOption.REPLACE_EXISTING);
                WebElement rates = browser.findElement(By.id("chart-rates"));
                assertThat(rates.findElements(By.cssSelector("polyline.series"))).hasSize(2);
                assertThat(number(browser, "input-rate")).isPositive();
                assertThat(number(browser, "processing-rate")).isPositive();
                assertThat(browser.findElement(By.id("pipeline")).getText()).isEqualTo(name);
                assertThat(browser.findElements(By.cssSelector("#batches-table tr"))).isNotEmpty();
            } finally {
                browser.quit();
                producing.set(false);
                producer.join();
            }
            assertThat(sluice.terminate(Duration.ofSeconds(60))).as(sluice.output()).isZero();
        }
        assertThat(SCREENSHOT).isNotEmptyFile();
    }

    /** Both rates shown as non-zero, the chart drawn with a non-zero maximum, batches listed. */
    private static boolean showsFlow(ChromeDriver browser) {
        WebElement rates = browser.findElement(By.id("chart-rates"));
        return number(browser, "input-rate") > 0
                && number(browser, "processing-rate") > 0
                && Double.parseDouble(rates.getDomAttribute("data-max")) > 0
                // five seconds of both series, so the screenshot shows lines, not dots
                && Integer.parseInt(rates.getDomAttribute("data-points")) >= 10
                && !browser.findElements(By.cssSelector("#batches-table tr")).isEmpty();
    }

    private static double number(ChromeDriver browser, String id) {
        String text = browser.findElement(By.id(id)).getText().replace(",", "");
        return text.matches("[0-9.]+") ? Double.parseDouble(text) : 0;
    }

    /** Sends sample invoices at about {@link #RATE_PER_SECOND} until told to stop. */
    private void produce(String topic, List<String> invoices, AtomicBoolean producing) {
        long deadline = System.nanoTime() + MAX_PRODUCING.toNanos();
        long tickNanos = Duration.ofMillis(100).toNanos();
        long next = System.nanoTime();
        int sent = 0;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.producerConfig())) {
            while (producing.get() && System.nanoTime() < deadline) {
                for (int i = 0; i < RATE_PER_SECOND / 10; i++, sent++) {
                    String value = invoices.get(sent % invoices.size());
                    producer.send(
                            new ProducerRecord<>(topic, value.getBytes(StandardCharsets.UTF_8)));
                }
                producer.flush();
                next += tickNanos;
                LockSupport.parkNanos(next - System.nanoTime()); // pacing a load generator
            }
        }
    }
}
