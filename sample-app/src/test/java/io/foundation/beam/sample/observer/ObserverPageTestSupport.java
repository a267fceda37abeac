package io.foundation.beam.sample.observer;

import io.foundation.beam.boot.EcosystemRegistry;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** One headless Chromium per test class, the application's port and ecosystems, and what the page tests share. */
abstract class ObserverPageTestSupport {

    static final Duration WAIT = Duration.ofSeconds(15);

    private static HeadlessChromium chromium;

    @LocalServerPort
    int port;

    @Autowired
    EcosystemRegistry ecosystems;

    @BeforeAll
    static void startBrowser() throws Exception {
        chromium = new HeadlessChromium();
    }

    @AfterAll
    static void quitBrowser() throws Exception {
        if (chromium != null) {
            chromium.close();
            chromium = null;
        }
    }

    /** Opens the page in the browser and answers a wait for it. */
    WebDriverWait openPage() {
        driver().get("http://127.0.0.1:" + port + "/actuator/observer");
        return new WebDriverWait(driver(), WAIT);
    }

    static ChromeDriver driver() {
        return chromium.driver;
    }

    /** @return the worker rows of an ecosystem in the page's tree */
    static int workers(WebDriver driver, String ecosystem) {
        return driver.findElements(By.cssSelector("[data-ecosystem='" + ecosystem + "'] .member[data-role='worker']"))
                .size();
    }
}
