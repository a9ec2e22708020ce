package io.sluice.topologies;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's {@code chromium}, driven through its {@code chromedriver}, both named explicitly so
 * Selenium Manager never downloads a browser or a driver. {@code bin/test} installs the two
 * packages; {@code SLUICE_CHROMIUM} and {@code SLUICE_CHROMEDRIVER} point elsewhere.
 */
final class HeadlessChromium {
    private HeadlessChromium() {}

    static ChromeDriver start(Path userDataDir) {
        Path browser = executable("SLUICE_CHROMIUM", "/usr/bin/chromium");
        Path driver = executable("SLUICE_CHROMEDRIVER", "/usr/bin/chromedriver");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(browser.toFile());
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--window-size=1400,1100",
                "--user-data-dir=" + userDataDir.toAbsolutePath());
        ChromeDriverService service =
                new ChromeDriverService.Builder()
                        .usingDriverExecutable(new File(driver.toString()))
                        .usingAnyFreePort()
                        .build();
        return new ChromeDriver(service, options);
    }

    private static Path executable(String variable, String standard) {
        String configured = System.getenv(variable);
        Path path = Path.of(configured == null || configured.isBlank() ? standard : configured);
        assertThat(Files.isExecutable(path))
                .as(
                        "%s is missing: run bin/test (it installs Debian's chromium and"
                                + " chromium-driver), or set %s",
                        path, variable)
                .isTrue();
        return path;
    }
}
